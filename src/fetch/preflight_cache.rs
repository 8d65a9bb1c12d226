//! The CORS-preflight cache, bounded.
//! <https://fetch.spec.whatwg.org/#concept-cache>
//!
//! Entries are grouped by (URL, network partition key, byte-serialized
//! origin); a group holds the standard's cache entries (credentials, method or
//! header name, expiry). The cache holds at most `capacity` groups and evicts
//! the oldest group first; a group holds at most [`MAX_ENTRIES_PER_GROUP`]
//! entries. Both bounds only ever cause an extra preflight, never a wrongly
//! skipped one. Time is passed in: the cache reads no clock.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// The most cache entries (methods plus header names) one group keeps.
pub const MAX_ENTRIES_PER_GROUP: usize = 256;

/// Which request a cache look-up is for: the key fields of a cache entry.
#[derive(Clone, Copy, Debug)]
pub struct CacheKey<'a> {
    /// The network partition key, serialized (e.g. the top-level site).
    pub partition: &'a str,
    /// The byte-serialized request origin (`null` once tainted).
    pub origin: &'a str,
    /// The request's current URL, serialized.
    pub url: &'a str,
    /// Whether the request's credentials mode is `include`.
    pub credentials: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Method(Box<str>),
    /// Lowercase.
    HeaderName(Box<[u8]>),
}

#[derive(Clone, Debug)]
struct Entry {
    credentials: bool,
    item: Item,
    expires_at: Duration,
}

#[derive(Clone, Debug)]
struct Group {
    partition: Box<str>,
    seq: u64,
    entries: Vec<Entry>,
}

/// URL -> byte-serialized origin -> groups (one per partition key). Two
/// levels so that a look-up never scans the groups of other origins: a
/// crawler's cache can hold many origins for one URL.
type Index = HashMap<Box<str>, HashMap<Box<str>, Vec<Group>>>;

/// A bounded CORS-preflight cache.
#[derive(Clone, Debug)]
pub struct PreflightCache {
    by_url: Index,
    /// Groups in creation order, for eviction: (URL, origin, seq).
    order: VecDeque<(Box<str>, Box<str>, u64)>,
    next_seq: u64,
    groups: usize,
    capacity: usize,
}

/// The entries of one cache key, from [`PreflightCache::lookup`].
#[derive(Clone, Copy, Debug)]
pub struct CacheLookup<'a> {
    group: Option<&'a Group>,
    credentials: bool,
}

impl<'a> CacheLookup<'a> {
    /// "There is a cache entry match": same key, origin and URL, and the
    /// entry's credentials are true or the request's are not `include`.
    fn matching(self, now: Duration) -> impl Iterator<Item = &'a Entry> {
        let credentials = self.credentials;
        self.group
            .into_iter()
            .flat_map(|g| g.entries.iter())
            .filter(move |e| e.expires_at > now && (e.credentials || !credentials))
    }

    /// Whether any unexpired entry matches (Firefox answers a preflight for
    /// a safelisted method and no unsafe names from any entry of the key).
    pub fn any_match(self, now: Duration) -> bool {
        self.matching(now).next().is_some()
    }

    /// [`PreflightCache::method_match`] on the looked-up entries.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-method>
    pub fn method_match(self, method: &str, now: Duration, wildcard_matches: bool) -> bool {
        self.matching(now).any(|e| match &e.item {
            Item::Method(m) => &**m == method || (wildcard_matches && &**m == "*"),
            Item::HeaderName(_) => false,
        })
    }

    /// [`PreflightCache::header_name_match`] on the looked-up entries.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-header>
    pub fn header_name_match(self, name: &[u8], now: Duration, wildcard_matches: bool) -> bool {
        let non_wildcard = crate::http::headers::is_cors_non_wildcard_request_header_name(name);
        self.matching(now).any(|e| match &e.item {
            Item::HeaderName(n) => {
                n.eq_ignore_ascii_case(name) || (wildcard_matches && &**n == b"*" && !non_wildcard)
            }
            Item::Method(_) => false,
        })
    }
}

impl Default for PreflightCache {
    fn default() -> PreflightCache {
        PreflightCache::new(crate::browser::DEFAULT_PREFLIGHT_CACHE_CAPACITY)
    }
}

impl PreflightCache {
    /// An empty cache holding at most `capacity` groups (at least one).
    pub fn new(capacity: usize) -> PreflightCache {
        PreflightCache {
            by_url: HashMap::new(),
            order: VecDeque::new(),
            next_seq: 0,
            groups: 0,
            capacity: capacity.max(1),
        }
    }

    /// The number of (URL, partition, origin) groups held.
    pub fn group_count(&self) -> usize {
        self.groups
    }

    /// The number of cache entries held, expired ones included until pruned.
    pub fn entry_count(&self) -> usize {
        self.by_url
            .values()
            .flat_map(|by_origin| by_origin.values())
            .flat_map(|gs| gs.iter())
            .map(|g| g.entries.len())
            .sum()
    }

    /// The group capacity.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    fn group(&self, key: &CacheKey<'_>) -> Option<&Group> {
        self.by_url
            .get(key.url)?
            .get(key.origin)?
            .iter()
            .find(|g| &*g.partition == key.partition)
    }

    /// The entries for `key`, looked up once: a fetch that checks its method
    /// and every unsafe header name hashes the URL and origin only once.
    pub fn lookup(&self, key: &CacheKey<'_>) -> CacheLookup<'_> {
        CacheLookup {
            group: self.group(key),
            credentials: key.credentials,
        }
    }

    /// "A method cache entry match": an entry for `method` (byte-exact) or,
    /// when `wildcard_matches`, for `*`.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-method>
    pub fn method_match(
        &self,
        key: &CacheKey<'_>,
        method: &str,
        now: Duration,
        wildcard_matches: bool,
    ) -> bool {
        self.lookup(key).method_match(method, now, wildcard_matches)
    }

    /// "A header-name cache entry match": an entry for `name` (any case) or,
    /// when `wildcard_matches`, `*` unless the name is a CORS non-wildcard
    /// request-header name (`authorization`).
    /// <https://fetch.spec.whatwg.org/#concept-cache-match-header>
    pub fn header_name_match(
        &self,
        key: &CacheKey<'_>,
        name: &[u8],
        now: Duration,
        wildcard_matches: bool,
    ) -> bool {
        self.lookup(key)
            .header_name_match(name, now, wildcard_matches)
    }

    /// Stores (or refreshes the max-age of) a method entry.
    pub fn insert_method(
        &mut self,
        key: &CacheKey<'_>,
        method: &str,
        max_age: Duration,
        now: Duration,
    ) {
        self.insert(key, Item::Method(method.into()), max_age, now);
    }

    /// Stores (or refreshes the max-age of) a header-name entry.
    pub fn insert_header_name(
        &mut self,
        key: &CacheKey<'_>,
        name: &[u8],
        max_age: Duration,
        now: Duration,
    ) {
        self.insert(
            key,
            Item::HeaderName(name.to_ascii_lowercase().into_boxed_slice()),
            max_age,
            now,
        );
    }

    /// Stores (or refreshes) a method entry for each of `methods` and a
    /// header-name entry for each of `header_names`, as
    /// [`insert_method`](Self::insert_method) and
    /// [`insert_header_name`](Self::insert_header_name) one by one would,
    /// finding (or creating) the group once instead of once per entry.
    pub fn insert_all<M: AsRef<str>, N: AsRef<[u8]>>(
        &mut self,
        key: &CacheKey<'_>,
        methods: &[M],
        header_names: &[N],
        max_age: Duration,
        now: Duration,
    ) {
        let expires_at = now.saturating_add(max_age);
        if expires_at <= now || (methods.is_empty() && header_names.is_empty()) {
            // A zero max-age entry is removed the moment it is stored.
            return;
        }
        let Some(group) = self.group_for_insert(key) else {
            return;
        };
        group.entries.retain(|e| e.expires_at > now);
        let room = MAX_ENTRIES_PER_GROUP.saturating_sub(group.entries.len());
        group
            .entries
            .reserve((methods.len() + header_names.len()).min(room));
        let items = methods
            .iter()
            .map(|m| Item::Method(m.as_ref().into()))
            .chain(
                header_names
                    .iter()
                    .map(|n| Item::HeaderName(n.as_ref().to_ascii_lowercase().into_boxed_slice())),
            );
        for item in items {
            Self::insert_into(group, key.credentials, item, expires_at);
        }
    }

    fn insert(&mut self, key: &CacheKey<'_>, item: Item, max_age: Duration, now: Duration) {
        let expires_at = now.saturating_add(max_age);
        if expires_at <= now {
            // A zero max-age entry is removed the moment it is stored.
            return;
        }
        let Some(group) = self.group_for_insert(key) else {
            return;
        };
        group.entries.retain(|e| e.expires_at > now);
        Self::insert_into(group, key.credentials, item, expires_at);
    }

    /// The group for `key`, created when there is none.
    fn group_for_insert(&mut self, key: &CacheKey<'_>) -> Option<&mut Group> {
        if self.group(key).is_none() {
            return self.create_group(key);
        }
        self.by_url
            .get_mut(key.url)
            .and_then(|by_origin| by_origin.get_mut(key.origin))
            .and_then(|gs| gs.iter_mut().find(|g| &*g.partition == key.partition))
    }

    /// Stores `item` in `group` (expired entries already removed), or
    /// refreshes its max-age.
    fn insert_into(group: &mut Group, credentials: bool, item: Item, expires_at: Duration) {
        // "For each method in methods for which there is a method cache entry
        // match ... set matching entry's max-age": the match includes entries
        // with credentials true when the request's mode is not include.
        let mut refreshed = false;
        for e in group.entries.iter_mut() {
            if e.item == item && (e.credentials || !credentials) {
                e.expires_at = expires_at;
                refreshed = true;
            }
        }
        if !refreshed && group.entries.len() < MAX_ENTRIES_PER_GROUP {
            group.entries.push(Entry {
                credentials,
                item,
                expires_at,
            });
        }
    }

    /// Creates the group for `key` (evicting the oldest at capacity) and
    /// returns it.
    fn create_group(&mut self, key: &CacheKey<'_>) -> Option<&mut Group> {
        while self.groups >= self.capacity {
            if !self.evict_oldest() {
                break;
            }
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.order.len() >= 2 * self.capacity + 64 {
            // Cleared groups leave stale queue items; drop them so the queue
            // stays bounded by the live groups (the new group's item, pushed
            // next, is live).
            let by_url = &self.by_url;
            self.order.retain(|(url, origin, seq)| {
                by_url
                    .get(url)
                    .and_then(|by_origin| by_origin.get(origin))
                    .is_some_and(|gs| gs.iter().any(|g| g.seq == *seq))
            });
        }
        self.order
            .push_back((key.url.into(), key.origin.into(), seq));
        self.groups += 1;
        let groups = self
            .by_url
            .entry(key.url.into())
            .or_default()
            .entry(key.origin.into())
            .or_default();
        groups.push(Group {
            partition: key.partition.into(),
            seq,
            entries: Vec::new(),
        });
        groups.last_mut()
    }

    fn evict_oldest(&mut self) -> bool {
        while let Some((url, origin, seq)) = self.order.pop_front() {
            if self.remove_group(&url, &origin, |g| g.seq == seq) {
                return true;
            }
        }
        false
    }

    fn remove_group(&mut self, url: &str, origin: &str, pred: impl Fn(&Group) -> bool) -> bool {
        let Some(by_origin) = self.by_url.get_mut(url) else {
            return false;
        };
        let Some(groups) = by_origin.get_mut(origin) else {
            return false;
        };
        let before = groups.len();
        groups.retain(|g| !pred(g));
        let removed = before - groups.len();
        if groups.is_empty() {
            by_origin.remove(origin);
            if by_origin.is_empty() {
                self.by_url.remove(url);
            }
        }
        self.groups -= removed;
        removed > 0
    }

    /// "Clear cache entries": removes every entry for the key, origin and URL.
    /// <https://fetch.spec.whatwg.org/#concept-cache-clear>
    pub fn clear(&mut self, key: &CacheKey<'_>) {
        // The order queue keeps a stale (URL, seq) that eviction skips.
        self.remove_group(key.url, key.origin, |g| &*g.partition == key.partition);
    }
}
