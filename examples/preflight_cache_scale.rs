//! The CORS-preflight cache at 10⁶ groups: memory per group and look-up
//! time, for the README's speed table (issue 19).
//!
//! `cargo run --release --example preflight_cache_scale [groups]`
//!
//! Each group is what a preflighted `PUT` with two custom headers leaves:
//! one method entry and two header-name entries, for its own URL. Memory is
//! the growth of the resident set (Linux `/proc/self/statm`), so it counts
//! the allocator's overhead too.

use std::hint::black_box;
use std::time::{Duration, Instant};

use xorigin::fetch::preflight_cache::{CacheKey, PreflightCache};

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn key(url: &str) -> CacheKey<'_> {
    CacheKey {
        partition: "https://a.test",
        origin: "https://app.a.test",
        url,
        credentials: false,
    }
}

fn main() {
    let groups: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let urls: Vec<String> = (0..groups)
        .map(|i| format!("https://api{}.b.test/v1/items/{i}", i % 1000))
        .collect();
    let now = Duration::ZERO;
    let age = Duration::from_secs(600);
    let before = resident_bytes();
    let start = Instant::now();
    let mut cache = PreflightCache::new(groups);
    for url in &urls {
        let k = key(url);
        cache.insert_method(&k, "PUT", age, now);
        cache.insert_header_name(&k, b"x-api-key", age, now);
        cache.insert_header_name(&k, b"x-trace", age, now);
    }
    let filled = start.elapsed();
    let after = resident_bytes();
    assert_eq!(cache.group_count(), groups);

    // Look-ups of a hit (the three checks a cached PUT makes) at random-ish
    // places, and of a miss.
    let rounds = 1_000_000usize;
    let start = Instant::now();
    let mut hits = 0usize;
    for i in 0..rounds {
        let url = &urls[(i.wrapping_mul(2_654_435_761)) % groups];
        let k = key(url);
        if cache.method_match(black_box(&k), "PUT", now, true)
            && cache.header_name_match(&k, b"X-Api-Key", now, true)
            && cache.header_name_match(&k, b"X-Trace", now, true)
        {
            hits += 1;
        }
    }
    let hit_ns = start.elapsed().as_nanos() as f64 / rounds as f64;
    assert_eq!(hits, rounds);
    let start = Instant::now();
    for i in 0..rounds {
        let url = format!("https://other.b.test/{}", i % 1000);
        black_box(cache.method_match(&key(&url), "PUT", now, true));
    }
    let miss_ns = start.elapsed().as_nanos() as f64 / rounds as f64;

    println!("groups: {groups} (3 entries each), filled in {filled:?}");
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "memory: {:.1} MiB, {} bytes per group (URL keys included)",
            (a.saturating_sub(b)) as f64 / (1 << 20) as f64,
            a.saturating_sub(b) / groups as u64
        );
    }
    println!(
        "hit (method + two header names): {hit_ns:.0} ns; miss incl. formatting its URL: {miss_ns:.0} ns"
    );
}
