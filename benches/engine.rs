//! The whole engine: simulated fetches from parsed inputs, the preflight
//! cache at scale, and scenario throughput. `url::Url::parse` of the simple
//! GET's URL runs in the same group so their ratio can be read off.
//!
//! `cargo bench --bench engine` (about a minute); one group:
//! `cargo bench --bench engine -- fetch/`. Load-independent instruction
//! counts of the same fetches, with ceilings checked in CI:
//! `cargo bench --bench instructions`.

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use xorigin::browser::Profile;
use xorigin::fetch::preflight_cache::{CacheKey, PreflightCache};
use xorigin::fetch::{FetchController, FetchOutcome, run_fetch};
use xorigin::scenario::{Scenario, verify};

mod inputs;
use inputs::{CLIENT, SIMPLE_URL};

/// A cross-origin simple GET answered with `Access-Control-Allow-Origin`,
/// one exposed header and three others; the request and response are built
/// once, the fetch (controller, CORS check, filtered response) every time.
fn simple_get(c: &mut Criterion) {
    let profile = Profile::SPEC;
    let req = inputs::simple_get(&profile);
    let response = inputs::simple_get_response();
    let mut cache = PreflightCache::default();
    let mut g = c.benchmark_group("fetch");
    g.bench_function("simple_get_cross_origin", |b| {
        b.iter(|| {
            let controller = FetchController::new(black_box(&req).clone(), &profile, CLIENT);
            let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, |_| {
                Ok(response.clone())
            });
            debug_assert!(matches!(outcome, FetchOutcome::Response(_)));
            black_box((outcome, sent))
        })
    });
    g.bench_function("url_parse_same_url", |b| {
        b.iter(|| url::Url::parse(black_box(SIMPLE_URL)))
    });

    // A PUT with two custom headers: preflight then the request.
    let put = inputs::put(&profile);
    let answer = inputs::put_server();
    g.bench_function("preflighted_put_cache_miss", |b| {
        b.iter(|| {
            let mut cache = PreflightCache::default();
            let controller = FetchController::new(black_box(&put).clone(), &profile, CLIENT);
            let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, &answer);
            debug_assert_eq!(sent.len(), 2);
            black_box((outcome, sent))
        })
    });
    let mut warm = PreflightCache::default();
    let controller = FetchController::new(put.clone(), &profile, CLIENT);
    let (_, sent) = run_fetch(controller, &mut warm, Duration::ZERO, &answer);
    assert_eq!(sent.len(), 2, "the warm-up sends the preflight");
    g.bench_function("preflighted_put_cache_hit", |b| {
        b.iter(|| {
            let controller = FetchController::new(black_box(&put).clone(), &profile, CLIENT);
            let (outcome, sent) = run_fetch(controller, &mut warm, Duration::from_secs(1), &answer);
            debug_assert_eq!(sent.len(), 1);
            black_box((outcome, sent))
        })
    });
    g.finish();
}

/// Resident memory of this process, in bytes (Linux; 0 elsewhere).
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn url_for(i: usize) -> String {
    format!("https://api.b.test/v1/items/{i}")
}

fn key(url: &str) -> CacheKey<'_> {
    CacheKey {
        partition: CLIENT,
        origin: CLIENT,
        url,
        credentials: false,
    }
}

/// Look-ups in a cache holding `n` groups of one method and one header name
/// each (capacity `n`); prints the resident memory per group.
fn preflight_cache(c: &mut Criterion) {
    let mut g = c.benchmark_group("preflight_cache");
    for n in [1_000usize, 1_000_000] {
        // Built on first use, so that a filtered run skips the setup.
        let built: OnceCell<PreflightCache> = OnceCell::new();
        let cache = || {
            built.get_or_init(|| {
                let before = resident_bytes();
                let mut cache = PreflightCache::new(n);
                let max_age = Duration::from_secs(600);
                for i in 0..n {
                    let url = url_for(i);
                    cache.insert_method(&key(&url), "PUT", max_age, Duration::ZERO);
                    cache.insert_header_name(&key(&url), b"x-api-key", max_age, Duration::ZERO);
                }
                let after = resident_bytes();
                assert_eq!(cache.group_count(), n);
                eprintln!(
                    "preflight_cache/{n}: ~{} bytes resident per group (2 entries, URL of ~33 bytes)",
                    after.saturating_sub(before) / n
                );
                cache
            })
        };
        let url = url_for(n / 2);
        let k = key(&url);
        g.bench_with_input(BenchmarkId::new("method_match", n), &n, |b, _| {
            let cache = cache();
            b.iter(|| cache.method_match(black_box(&k), "PUT", Duration::ZERO, true))
        });
        g.bench_with_input(BenchmarkId::new("header_name_match", n), &n, |b, _| {
            let cache = cache();
            b.iter(|| cache.header_name_match(black_box(&k), b"X-Api-Key", Duration::ZERO, true))
        });
    }
    g.finish();
}

/// `from_json` then `verify` over every spec fixture.
fn scenarios(c: &mut Criterion) {
    let texts = fixture_texts();
    let profile = Profile::SPEC;
    let mut g = c.benchmark_group("scenario");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("from_json_and_verify_all_fixtures", |b| {
        b.iter(|| {
            let mut mismatches = 0;
            for text in &texts {
                if let Ok(s) = Scenario::from_json(black_box(text)) {
                    mismatches += verify(&s, &profile).map_or(1, |m| m.len());
                }
            }
            black_box(mismatches)
        })
    });
    g.finish();
}

/// Every spec fixture's JSON text.
fn fixture_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/spec-fixtures");
    let mut dirs = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                texts.extend(std::fs::read_to_string(&path).ok());
            }
        }
    }
    texts
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = simple_get, preflight_cache, scenarios
}
criterion_main!(benches);
