//! The CORS-preflight cache alone: expiry against the passed-in time, the
//! credentials rule of "cache entry match", `*` entries, clearing, and the
//! bounds. <https://fetch.spec.whatwg.org/#concept-cache>

use std::time::Duration;

use xorigin::fetch::preflight_cache::{CacheKey, MAX_ENTRIES_PER_GROUP, PreflightCache};

const P: &str = "https://top.test";
const O: &str = "https://a.test";
const U: &str = "https://b.test/r";

fn key(credentials: bool) -> CacheKey<'static> {
    CacheKey {
        partition: P,
        origin: O,
        url: U,
        credentials,
    }
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn method_entry_valid_before_max_age_gone_at_and_after() {
    let mut cache = PreflightCache::new(16);
    cache.insert_method(&key(false), "PUT", secs(10), secs(100));
    for (t, want) in [
        (secs(100), true),
        (secs(105), true),
        (Duration::from_millis(109_999), true),
        (secs(110), false),
        (secs(111), false),
        (secs(10_000), false),
    ] {
        assert_eq!(
            cache.method_match(&key(false), "PUT", t, true),
            want,
            "at {t:?}"
        );
    }
}

#[test]
fn header_entry_valid_before_max_age_gone_at_and_after() {
    let mut cache = PreflightCache::new(16);
    cache.insert_header_name(&key(false), b"X-Custom", secs(5), secs(0));
    assert!(cache.header_name_match(&key(false), b"x-custom", secs(4), true));
    assert!(cache.header_name_match(&key(false), b"X-CUSTOM", secs(4), true));
    assert!(!cache.header_name_match(&key(false), b"x-custom", secs(5), true));
    assert!(!cache.header_name_match(&key(false), b"x-custom", secs(6), true));
}

#[test]
fn max_age_zero_never_stored() {
    let mut cache = PreflightCache::new(16);
    cache.insert_method(&key(false), "PUT", Duration::ZERO, secs(7));
    cache.insert_header_name(&key(true), b"x-a", Duration::ZERO, secs(7));
    assert_eq!(cache.entry_count(), 0);
    assert_eq!(cache.group_count(), 0);
    assert!(!cache.method_match(&key(false), "PUT", secs(7), true));
    assert!(!cache.header_name_match(&key(false), b"x-a", secs(7), true));
}

/// "A cache entry match": entry's credentials is true, or it is false and
/// the request's credentials mode is not `include`.
#[test]
fn credentials_rule() {
    let now = secs(1);
    let age = secs(60);
    let mut with = PreflightCache::new(16);
    with.insert_method(&key(true), "PUT", age, now);
    with.insert_header_name(&key(true), b"x-a", age, now);
    assert!(with.method_match(&key(true), "PUT", now, true));
    assert!(
        with.method_match(&key(false), "PUT", now, true),
        "a credentialed entry serves a non-include request"
    );
    assert!(with.header_name_match(&key(false), b"x-a", now, true));

    let mut without = PreflightCache::new(16);
    without.insert_method(&key(false), "PUT", age, now);
    without.insert_header_name(&key(false), b"x-a", age, now);
    assert!(without.method_match(&key(false), "PUT", now, true));
    assert!(
        !without.method_match(&key(true), "PUT", now, true),
        "an uncredentialed entry never serves an include request"
    );
    assert!(!without.header_name_match(&key(true), b"x-a", now, true));

    // Adding a credentialed entry next to it serves both.
    without.insert_method(&key(true), "PUT", age, now);
    assert!(without.method_match(&key(true), "PUT", now, true));
    assert!(without.method_match(&key(false), "PUT", now, true));
}

/// Refreshing: a non-include preflight refreshes the credentialed entry it
/// matches instead of adding one; it then lives for the new max-age.
#[test]
fn refresh_extends_expiry() {
    let mut cache = PreflightCache::new(16);
    cache.insert_method(&key(true), "PUT", secs(10), secs(0));
    cache.insert_method(&key(false), "PUT", secs(100), secs(5));
    assert_eq!(cache.entry_count(), 1, "the matching entry was refreshed");
    assert!(cache.method_match(&key(true), "PUT", secs(50), true));
    assert!(!cache.method_match(&key(true), "PUT", secs(105), true));
}

#[test]
fn method_match_is_byte_exact() {
    let mut cache = PreflightCache::new(16);
    cache.insert_method(&key(false), "PUT", secs(60), secs(0));
    assert!(cache.method_match(&key(false), "PUT", secs(1), true));
    assert!(!cache.method_match(&key(false), "put", secs(1), true));
    assert!(!cache.method_match(&key(false), "PATCH", secs(1), true));
}

/// "Its method is method or `*`"; the profile knob can turn `*` off.
#[test]
fn star_method_entry() {
    let mut cache = PreflightCache::new(16);
    cache.insert_method(&key(false), "*", secs(60), secs(0));
    for m in ["PUT", "DELETE", "patch", "MKCOL"] {
        assert!(cache.method_match(&key(false), m, secs(1), true), "{m}");
        assert!(!cache.method_match(&key(false), m, secs(1), false), "{m}");
    }
    // The credentials rule still applies to a `*` entry.
    assert!(!cache.method_match(&key(true), "PUT", secs(1), true));
    // A `*` method entry is not a header-name entry.
    assert!(!cache.header_name_match(&key(false), b"x-a", secs(1), true));
}

/// "Its header name is `*` and headerName is not a CORS non-wildcard
/// request-header name."
#[test]
fn star_header_entry_never_matches_authorization() {
    let mut cache = PreflightCache::new(16);
    cache.insert_header_name(&key(true), b"*", secs(60), secs(0));
    for creds in [false, true] {
        assert!(cache.header_name_match(&key(creds), b"x-custom", secs(1), true));
        assert!(cache.header_name_match(&key(creds), b"Content-Type", secs(1), true));
        assert!(!cache.header_name_match(&key(creds), b"authorization", secs(1), true));
        assert!(!cache.header_name_match(&key(creds), b"Authorization", secs(1), true));
        assert!(!cache.header_name_match(&key(creds), b"AUTHORIZATION", secs(1), true));
        assert!(!cache.header_name_match(&key(creds), b"x-custom", secs(1), false));
    }
    // An explicit entry does match it.
    cache.insert_header_name(&key(true), b"Authorization", secs(60), secs(0));
    assert!(cache.header_name_match(&key(false), b"authorization", secs(1), true));
    // A `*` header entry is not a method entry.
    assert!(!cache.method_match(&key(false), "PUT", secs(1), true));
}

/// Entries are per (key, byte-serialized origin, URL).
#[test]
fn key_fields_isolate_entries() {
    let mut cache = PreflightCache::new(16);
    let now = secs(1);
    cache.insert_method(&key(true), "PUT", secs(60), secs(0));
    let others = [
        CacheKey {
            partition: "https://other-top.test",
            ..key(false)
        },
        CacheKey {
            origin: "https://c.test",
            ..key(false)
        },
        CacheKey {
            origin: "null",
            ..key(false)
        },
        CacheKey {
            url: "https://b.test/r2",
            ..key(false)
        },
        CacheKey {
            url: "https://b.test/r#frag",
            ..key(false)
        },
        CacheKey {
            url: "https://b.test/R",
            ..key(false)
        },
    ];
    for other in &others {
        assert!(!cache.method_match(other, "PUT", now, true), "{other:?}");
    }
    assert!(cache.method_match(&key(false), "PUT", now, true));
}

/// "Clear cache entries" removes every entry of (key, origin, URL), whatever
/// its credentials, and nothing else.
#[test]
fn clear_removes_only_that_group() {
    let mut cache = PreflightCache::new(16);
    let now = secs(1);
    let other = CacheKey {
        url: "https://b.test/other",
        ..key(false)
    };
    cache.insert_method(&key(true), "PUT", secs(60), secs(0));
    cache.insert_method(&key(false), "DELETE", secs(60), secs(0));
    cache.insert_header_name(&key(false), b"x-a", secs(60), secs(0));
    cache.insert_method(&other, "PUT", secs(60), secs(0));
    assert_eq!(cache.group_count(), 2);
    assert_eq!(cache.entry_count(), 4);
    cache.clear(&key(false));
    assert_eq!(cache.group_count(), 1);
    assert_eq!(cache.entry_count(), 1);
    assert!(!cache.method_match(&key(true), "PUT", now, true));
    assert!(!cache.method_match(&key(false), "DELETE", now, true));
    assert!(!cache.header_name_match(&key(false), b"x-a", now, true));
    assert!(cache.method_match(&other, "PUT", now, true));
    // Clearing an absent group is a no-op; inserting again works.
    cache.clear(&key(true));
    cache.insert_method(&key(false), "PUT", secs(60), now);
    assert!(cache.method_match(&key(false), "PUT", now, true));
    assert_eq!(cache.group_count(), 2);
}

fn url_n(i: usize) -> String {
    format!("https://b.test/{i}")
}

/// The oldest group goes first when the cache is full.
#[test]
fn eviction_is_oldest_first() {
    let mut cache = PreflightCache::new(4);
    let urls: Vec<String> = (0..6).map(url_n).collect();
    let k = |i: usize| CacheKey {
        url: &urls[i],
        ..key(false)
    };
    for i in 0..5 {
        cache.insert_method(&k(i), "PUT", secs(60), secs(0));
    }
    assert_eq!(cache.group_count(), 4);
    assert!(!cache.method_match(&k(0), "PUT", secs(1), true));
    for i in 1..5 {
        assert!(cache.method_match(&k(i), "PUT", secs(1), true), "{i}");
    }
    // Adding an entry to an existing group creates no group.
    cache.insert_header_name(&k(4), b"x-a", secs(60), secs(0));
    assert_eq!(cache.group_count(), 4);
    // A cleared group frees its slot: no live group is evicted for the next.
    cache.clear(&k(2));
    cache.insert_method(&k(5), "PUT", secs(60), secs(0));
    assert_eq!(cache.group_count(), 4);
    for i in [1, 3, 4, 5] {
        assert!(cache.method_match(&k(i), "PUT", secs(1), true), "{i}");
    }
}

#[test]
fn capacity_is_at_least_one() {
    let mut cache = PreflightCache::new(0);
    assert_eq!(cache.capacity(), 1);
    cache.insert_method(&key(false), "PUT", secs(60), secs(0));
    assert!(cache.method_match(&key(false), "PUT", secs(1), true));
    assert_eq!(cache.group_count(), 1);
}

/// One group holds at most `MAX_ENTRIES_PER_GROUP` entries; a name that was
/// not kept is not matched (an extra preflight, never a skipped one).
#[test]
fn group_entry_bound() {
    let mut cache = PreflightCache::new(4);
    let names: Vec<String> = (0..10 * MAX_ENTRIES_PER_GROUP)
        .map(|i| format!("x-h{i}"))
        .collect();
    for n in &names {
        cache.insert_header_name(&key(false), n.as_bytes(), secs(60), secs(0));
        assert!(cache.entry_count() <= MAX_ENTRIES_PER_GROUP);
    }
    assert_eq!(cache.entry_count(), MAX_ENTRIES_PER_GROUP);
    let matched = names
        .iter()
        .filter(|n| cache.header_name_match(&key(false), n.as_bytes(), secs(1), true))
        .count();
    assert_eq!(matched, MAX_ENTRIES_PER_GROUP);
    assert!(!cache.header_name_match(&key(false), b"x-never", secs(1), true));
}

/// A million distinct groups into a 1024-group cache: the bound holds
/// throughout, the newest groups are kept, the oldest are gone.
#[test]
fn capacity_bound_one_million_groups() {
    const CAP: usize = 1024;
    const N: usize = 1_000_000;
    let mut cache = PreflightCache::new(CAP);
    let mut url = String::new();
    for i in 0..N {
        url.clear();
        url.push_str("https://b.test/");
        url.push_str(&i.to_string());
        let k = CacheKey {
            url: &url,
            ..key(i % 2 == 0)
        };
        cache.insert_method(&k, "PUT", secs(3600), secs(0));
        if i % 997 == 0 {
            assert!(
                cache.group_count() <= CAP,
                "{} groups at {i}",
                cache.group_count()
            );
            assert!(cache.entry_count() <= CAP);
        }
        if i % 10_007 == 0 {
            // Clears mixed in must not break the count.
            cache.clear(&k);
        }
    }
    assert_eq!(cache.group_count(), CAP);
    assert_eq!(cache.entry_count(), CAP);
    let last = url_n(N - 1);
    let last_key = CacheKey {
        url: &last,
        ..key(false)
    };
    assert!(cache.method_match(&last_key, "PUT", secs(1), true));
    let newest_kept = (N - CAP..N)
        .filter(|&i| {
            let u = url_n(i);
            let k = CacheKey {
                url: &u,
                ..key(false)
            };
            cache.method_match(&k, "PUT", secs(1), true)
        })
        .count();
    // The newest CAP groups minus any that a periodic clear removed (at most one).
    assert!(
        newest_kept >= CAP - 1,
        "only {newest_kept} of the newest kept"
    );
    for i in [0, 1, 2, N / 2, N - CAP - 1] {
        let u = url_n(i);
        let k = CacheKey {
            url: &u,
            ..key(false)
        };
        assert!(!cache.method_match(&k, "PUT", secs(1), true), "{i}");
    }
}

/// Groups of one URL under many origins share a URL bucket; eviction and
/// clear still count right.
#[test]
fn many_origins_one_url() {
    let mut cache = PreflightCache::new(8);
    let origins: Vec<String> = (0..100).map(|i| format!("https://o{i}.test")).collect();
    for o in &origins {
        let k = CacheKey {
            origin: o,
            ..key(false)
        };
        cache.insert_method(&k, "PUT", secs(60), secs(0));
        assert!(cache.group_count() <= 8);
    }
    assert_eq!(cache.group_count(), 8);
    for (i, o) in origins.iter().enumerate() {
        let k = CacheKey {
            origin: o,
            ..key(false)
        };
        assert_eq!(cache.method_match(&k, "PUT", secs(1), true), i >= 92, "{o}");
    }
    let k = CacheKey {
        origin: &origins[95],
        ..key(false)
    };
    cache.clear(&k);
    assert_eq!(cache.group_count(), 7);
    assert!(!cache.method_match(&k, "PUT", secs(1), true));
}

#[test]
fn capacity_is_the_one_asked_for() {
    assert_eq!(PreflightCache::new(3).capacity(), 3);
    assert_eq!(
        PreflightCache::default().capacity(),
        xorigin::browser::DEFAULT_PREFLIGHT_CACHE_CAPACITY
    );
}

/// A group cleared and created again is as young as its new entry: eviction
/// skips the queue item the cleared group left.
#[test]
fn recreated_group_is_evicted_by_its_new_age() {
    let mut cache = PreflightCache::new(2);
    let urls: Vec<String> = (0..3).map(url_n).collect();
    let k = |i: usize| CacheKey {
        url: &urls[i],
        ..key(false)
    };
    cache.insert_method(&k(0), "PUT", secs(60), secs(0));
    cache.insert_method(&k(1), "PUT", secs(60), secs(0));
    cache.clear(&k(0));
    cache.insert_method(&k(0), "PUT", secs(60), secs(1));
    // Full: the oldest live group is 1's, not the recreated 0.
    cache.insert_method(&k(2), "PUT", secs(60), secs(2));
    assert!(cache.method_match(&k(0), "PUT", secs(3), true));
    assert!(!cache.method_match(&k(1), "PUT", secs(3), true));
    assert!(cache.method_match(&k(2), "PUT", secs(3), true));
}

/// Storing prunes expired entries (those whose max-age ends now too), keeps
/// live ones, and refreshes an entry that matches instead of adding one:
/// whichever way entries arrive (one by one or all at once).
#[test]
fn storing_prunes_expired_keeps_live_refreshes_matching() {
    for all_at_once in [false, true] {
        let insert =
            |cache: &mut PreflightCache, k: &CacheKey<'_>, method: &str, max: u64, now: u64| {
                if all_at_once {
                    cache.insert_all::<&str, &[u8]>(k, &[method], &[], secs(max), secs(now));
                } else {
                    cache.insert_method(k, method, secs(max), secs(now));
                }
            };
        let mut cache = PreflightCache::new(4);
        insert(&mut cache, &key(false), "PUT", 10, 0);
        insert(&mut cache, &key(false), "PATCH", 60, 0);
        // At 10 the PUT entry's max-age ends: storing DELETE removes it.
        insert(&mut cache, &key(false), "DELETE", 60, 10);
        assert_eq!(cache.entry_count(), 2, "all at once: {all_at_once}");
        assert!(cache.method_match(&key(false), "PATCH", secs(11), true));
        assert!(cache.method_match(&key(false), "DELETE", secs(11), true));
        // The same method again refreshes its entry, with or without
        // credentials on either side.
        for credentials in [false, true] {
            insert(&mut cache, &key(credentials), "DELETE", 60, 12);
            insert(&mut cache, &key(credentials), "DELETE", 60, 13);
        }
        assert_eq!(cache.entry_count(), 3, "all at once: {all_at_once}");
    }
}

/// Many clears leave many stale queue items; dropping them (past twice the
/// capacity plus 64) keeps the live groups' items, so eviction stays oldest
/// first and the cache stays within its capacity.
#[test]
fn eviction_order_survives_many_clears() {
    let mut cache = PreflightCache::new(2);
    let urls: Vec<String> = (0..3).map(url_n).collect();
    let k = |i: usize| CacheKey {
        url: &urls[i],
        ..key(false)
    };
    cache.insert_method(&k(1), "PUT", secs(600), secs(0));
    for t in 1..200 {
        cache.insert_method(&k(0), "PUT", secs(600), secs(t));
        cache.clear(&k(0));
    }
    cache.insert_method(&k(0), "PUT", secs(600), secs(200));
    cache.insert_method(&k(2), "PUT", secs(600), secs(201));
    assert_eq!(cache.group_count(), 2);
    assert!(!cache.method_match(&k(1), "PUT", secs(202), true));
    assert!(cache.method_match(&k(0), "PUT", secs(202), true));
    assert!(cache.method_match(&k(2), "PUT", secs(202), true));
}
