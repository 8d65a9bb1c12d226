//! Resource bounds: parsing is linear in input size, the preflight cache stays
//! within its capacity, and deeply nested scenario JSON is an error rather
//! than a stack overflow.
//!
//! Linearity is checked by counting work, not by timing it, so load from
//! other processes cannot fail a test: each workload runs once at n/8 and once
//! at n, each in a child process of this test binary under Valgrind's
//! callgrind, which counts the instructions executed inside [`measured`] only
//! (the input is built outside it). Instruction counts are deterministic, so
//! the bound can be tight: the n-sized run may execute at most [`MAX_RATIO`]
//! times the instructions of the n/8-sized one. Linear work scales by about 8
//! (less with a fixed cost), n log n work (sorting 10,000 names) by about 10,
//! quadratic work by about 64. (Measured: 7.1 to 9.0 today; each workload
//! failed, at 45 to 85, when its path was made quadratic for a trial.) See
//! the counts with `-- --nocapture`.
//!
//! The counts are taken in an optimised build, `cargo test --release --test
//! bounds` (CI runs it in its instruction-count stage): under Valgrind the
//! debug build's checks cost minutes of CPU, so a debug build skips them with
//! a note on stderr, as does a build without Valgrind (`apt-get install
//! valgrind`), except under CI (`CI` set), where a missing Valgrind fails.
//!
//! Tests marked `#[ignore = "quadratic: ..."]` or `#[ignore = "crash: ..."]`
//! record defects found here or by the fuzzers; run them with
//! `cargo test --test bounds -- --ignored`.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use xorigin::browser::Profile;
use xorigin::fetch::preflight_cache::{CacheKey, MAX_ENTRIES_PER_GROUP, PreflightCache};
use xorigin::fetch::{FetchController, FetchOutcome, RequestKind, run_fetch};
use xorigin::http::headers::{
    ExtractedValues, HeaderList, cors_unsafe_request_header_names, extract_header_list_values,
    get_decode_split_value, is_cors_safelisted_request_header, is_forbidden_request_header,
    is_header_value, is_no_cors_safelisted_request_header, normalize_header_value,
    parse_access_control_max_age,
};
use xorigin::http::request::{FetchInit, Request};
use xorigin::http::response::NetworkResponse;
use xorigin::mime::MimeType;
use xorigin::origin::Origin;
use xorigin::scenario::Scenario;

/// The most instructions the n-sized run may execute relative to the
/// n/8-sized one: 1.5 times linear (n log n sorting stays near 10), a fifth
/// of quadratic.
const MAX_RATIO: u64 = 12;

/// How long one child may run under callgrind: a backstop for a path so
/// quadratic that it would not finish, never the measure itself.
const CHILD_DEADLINE: Duration = Duration::from_secs(600);

/// 1 MiB.
const MIB: usize = 1 << 20;
/// The number of header lines of the "many headers" workloads.
const LINES: usize = 10_000;

/// Set in a child process: the label and size of the one workload to run.
const CHILD_ENV: &str = "XORIGIN_BOUNDS_CHILD";

/// The only code whose instructions callgrind counts (`--toggle-collect`).
#[inline(never)]
fn measured(work: &dyn Fn()) {
    work();
}

/// Asserts that `work(n)` grows linearly: see the module documentation.
/// `setup(n)` builds the input outside the counted part.
fn assert_linear<T>(label: &str, n: usize, setup: impl Fn(usize) -> T, work: impl Fn(&T)) {
    if let Ok(child) = std::env::var(CHILD_ENV) {
        // In the child: run the requested workload once, under callgrind.
        if let Some(size) = child
            .strip_prefix(label)
            .and_then(|rest| rest.strip_prefix('\t'))
            .and_then(|size| size.parse().ok())
        {
            let input = setup(size);
            measured(&|| work(black_box(&input)));
        }
        return;
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "{label}: SKIPPED in a debug build; counted by `cargo test --release --test bounds`"
        );
        return;
    }
    if !valgrind_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{label}: Valgrind is needed to count instructions (apt-get install valgrind)"
        );
        eprintln!("{label}: SKIPPED, Valgrind is not installed (apt-get install valgrind)");
        return;
    }
    let small = instructions(label, n / 8);
    let big = instructions(label, n);
    assert!(
        small > 0,
        "{label}: no instructions counted at n = {}",
        n / 8
    );
    eprintln!(
        "{label}: {small} instructions at n = {}, {big} at n = {n} (ratio {:.1})",
        n / 8,
        big as f64 / small as f64
    );
    assert!(
        big <= small * MAX_RATIO,
        "{label}: not linear: {small} instructions at n = {}, {big} at n = {n} (ratio {:.1}, at most {MAX_RATIO})",
        n / 8,
        big as f64 / small as f64
    );
}

fn valgrind_available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs this test binary's current test in a child process under callgrind,
/// with only workload `label` at `size`, and returns the instructions counted
/// inside [`measured`].
fn instructions(label: &str, size: usize) -> u64 {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let test = std::thread::current()
        .name()
        .map(str::to_owned)
        .expect("libtest names each test's thread after the test");
    let out: PathBuf = std::env::temp_dir().join(format!(
        "xorigin-bounds-{}-{}.callgrind",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let exe = std::env::current_exe().expect("test binary path");
    let mut child = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--quiet",
            "--collect-atstart=no",
            "--toggle-collect=*bounds::measured*",
        ])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .args([test.as_str(), "--exact", "--test-threads=1", "--quiet"])
        .env(CHILD_ENV, format!("{label}\t{size}"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run valgrind");
    // A linear workload takes seconds under callgrind even on a loaded
    // machine; a quadratic one at 1 MiB takes hours, so it is stopped here.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for valgrind") {
            break status;
        }
        if started.elapsed() > CHILD_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{label}: not linear: n = {size} did not finish within {CHILD_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{label}: child at n = {size}: {status}");
    let text = std::fs::read_to_string(&out).expect("callgrind output");
    let _ = std::fs::remove_file(&out);
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("callgrind totals")
}

// ---------------------------------------------------------------------------
// One huge header value (1 MiB).

/// A value of `n` bytes repeating `unit`.
fn repeated(unit: &[u8], n: usize) -> Vec<u8> {
    let mut v = unit.repeat(n.div_ceil(unit.len()));
    v.truncate(n);
    v
}

#[test]
fn huge_value_validation_and_normalization_are_linear() {
    assert_linear(
        "is_header_value + normalize",
        MIB,
        |n| {
            let mut v = vec![b' '; 4];
            v.extend(repeated(b"abc, def; ", n));
            v.extend([b'\t'; 4]);
            v
        },
        |v| {
            let normalized = normalize_header_value(v);
            assert!(is_header_value(normalized));
            assert!(!is_header_value(black_box(v)));
        },
    );
}

#[test]
fn huge_value_request_header_predicates_are_linear() {
    const NAMES: [&[u8]; 7] = [
        b"Accept",
        b"Accept-Language",
        b"Content-Language",
        b"Content-Type",
        b"Range",
        b"X-HTTP-Method-Override",
        b"X-Custom",
    ];
    assert_linear(
        "request-header predicates",
        MIB,
        |n| repeated(b"GET, \"a,b\", x", n),
        |v| {
            for name in NAMES {
                assert!(!is_cors_safelisted_request_header(name, v));
                assert!(!is_no_cors_safelisted_request_header(name, v));
                black_box(is_forbidden_request_header(name, v));
            }
        },
    );
}

#[test]
fn huge_value_get_decode_split_is_linear() {
    assert_linear(
        "get, decode, and split",
        MIB,
        |n| repeated(b"a, \"b,\\\"c\", d", n),
        |v| {
            assert!(get_decode_split_value(v).len() > 1);
        },
    );
}

#[test]
fn huge_value_extract_header_list_values_is_linear() {
    assert_linear(
        "extract_header_list_values of one huge Access-Control-Allow-Methods",
        MIB,
        |n| {
            let mut list = HeaderList::new();
            list.append(b"Access-Control-Allow-Methods", &repeated(b"PUT, ", n));
            list
        },
        |list| match extract_header_list_values(b"access-control-allow-methods", list) {
            ExtractedValues::Values(v) => assert!(!v.is_empty()),
            other => panic!("{other:?}"),
        },
    );
}

#[test]
fn huge_value_mime_parse_is_linear() {
    assert_linear(
        "MIME type parse, many parameters",
        MIB,
        |n| {
            let mut v = b"text/plain".to_vec();
            v.extend(repeated(b";a=\"b\\\"c\"", n));
            v
        },
        |v| {
            let mime = MimeType::parse_bytes(v).map(|m| m.serialize());
            assert_eq!(mime.as_deref(), Some("text/plain;a=\"b\\\"c\""));
        },
    );
    assert_linear(
        "MIME type parse, one huge parameter value",
        MIB,
        |n| {
            let mut v = b"text/plain;charset=".to_vec();
            v.extend(repeated(b"x", n));
            v
        },
        |v| assert!(MimeType::parse_bytes(v).is_some()),
    );
}

#[test]
fn huge_value_origin_parse_is_linear() {
    assert_linear(
        "Origin::parse_serialized_bytes of a huge host",
        MIB,
        |n| {
            let mut v = b"https://".to_vec();
            v.extend(repeated(b"a.", n));
            v.extend(b"test");
            v
        },
        |v| {
            black_box(Origin::parse_serialized_bytes(v).is_ok());
        },
    );
}

// ---------------------------------------------------------------------------
// Many header lines (10,000).

/// `n` headers with distinct names `X-H<i>`.
fn distinct_names(n: usize) -> HeaderList {
    (0..n)
        .map(|i| (format!("X-H{i}"), format!("value {i}")))
        .collect()
}

#[test]
fn many_lines_extract_header_list_values_is_linear() {
    assert_linear(
        "extract_header_list_values over many Access-Control-Expose-Headers lines",
        LINES,
        |n| {
            (0..n)
                .map(|i| ("Access-Control-Expose-Headers", format!("x-h{i}, x-g{i}")))
                .collect::<HeaderList>()
        },
        |list| match extract_header_list_values(b"access-control-expose-headers", list) {
            ExtractedValues::Values(v) => assert_eq!(v.len(), 2 * list.len()),
            other => panic!("{other:?}"),
        },
    );
    assert_linear(
        "Access-Control-Max-Age repeated",
        LINES,
        |n| {
            (0..n)
                .map(|_| ("Access-Control-Max-Age", "5"))
                .collect::<HeaderList>()
        },
        |list| assert_eq!(parse_access_control_max_age(list), None),
    );
}

#[test]
fn many_lines_cors_unsafe_request_header_names_is_linear() {
    assert_linear(
        "cors_unsafe_request_header_names, distinct names",
        LINES,
        distinct_names,
        |list| assert_eq!(cors_unsafe_request_header_names(list).len(), list.len()),
    );
    assert_linear(
        "cors_unsafe_request_header_names, safelisted values over 1024 bytes",
        LINES,
        |n| {
            (0..n)
                .map(|_| ("Accept", "text/html"))
                .collect::<HeaderList>()
        },
        |list| assert_eq!(cors_unsafe_request_header_names(list), ["accept"]),
    );
}

#[test]
fn many_lines_get_and_contains_are_linear() {
    assert_linear(
        "HeaderList::get of a name repeated on every line",
        LINES,
        |n| (0..n).map(|_| ("X-Same", "v")).collect::<HeaderList>(),
        |list| {
            let joined = list.get(b"x-same").map(|v| v.len());
            assert_eq!(joined, Some(list.len() * 3 - 2));
            assert!(!list.contains(b"x-absent"));
        },
    );
}

#[test]
fn many_lines_sort_and_combine_is_linear() {
    assert_linear(
        "HeaderList::sort_and_combine, distinct names",
        LINES,
        distinct_names,
        |list| assert_eq!(list.sort_and_combine().len(), list.len()),
    );
}

#[test]
fn many_lines_request_constructor_is_linear() {
    let origin = Origin::parse_serialized("https://a.test").expect("origin");
    let profile = Profile::SPEC;
    assert_linear(
        "Request::from_fetch_init with many distinct headers",
        LINES,
        |n| {
            (0..n)
                .map(|i| (format!("X-H{i}"), "v".to_owned()))
                .collect::<Vec<_>>()
        },
        |headers| {
            let init = FetchInit {
                url: "https://b.test/",
                headers,
                ..FetchInit::default()
            };
            let request = Request::from_fetch_init(&origin, &init, &profile).expect("request");
            assert_eq!(request.header_list.len(), headers.len());
        },
    );
}

// ---------------------------------------------------------------------------
// A full engine fetch.

/// Runs a cross-origin GET from `https://a.test` answered by `response`.
fn fetch_with(response: &NetworkResponse) -> FetchOutcome {
    let origin = Origin::parse_serialized("https://a.test").expect("origin");
    let profile = Profile::SPEC;
    let init = FetchInit {
        url: "https://b.test/data",
        ..FetchInit::default()
    };
    let request = Request::from_fetch_init(&origin, &init, &profile).expect("request");
    let controller = FetchController::new(request, &profile, "https://a.test");
    let mut cache = PreflightCache::default();
    let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, |_| {
        Ok(response.clone())
    });
    assert_eq!(sent.len(), 1);
    outcome
}

#[test]
fn engine_fetch_with_a_huge_header_value_is_linear() {
    assert_linear(
        "engine fetch, one huge exposed header value",
        MIB,
        |n| {
            let mut r = NetworkResponse::new(
                200,
                [
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Expose-Headers", "x-big"),
                ],
            );
            let mut value = b" ".to_vec();
            value.extend(repeated(b"abc,", n));
            r.header_list.push_raw(b"X-Big", &value);
            r
        },
        |r| match fetch_with(r) {
            FetchOutcome::Response(resp) => assert_eq!(resp.headers.len(), 1),
            other => panic!("{other:?}"),
        },
    );
}

#[test]
fn engine_fetch_with_many_lines_of_one_name_is_linear() {
    assert_linear(
        "engine fetch, many lines of one exposed name",
        LINES,
        |n| {
            let mut r = NetworkResponse::new(
                200,
                [
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Expose-Headers", "x-h"),
                ],
            );
            for i in 0..n {
                r.header_list.push_raw(b"X-H", format!("v{i}").as_bytes());
            }
            r
        },
        |r| match fetch_with(r) {
            FetchOutcome::Response(resp) => assert_eq!(resp.headers.len(), 1),
            other => panic!("{other:?}"),
        },
    );
}

#[test]
fn engine_fetch_with_many_distinct_lines_is_linear() {
    assert_linear(
        "engine fetch, many distinct header names",
        LINES,
        |n| {
            let mut r = NetworkResponse::new(200, [("Access-Control-Allow-Origin", "*")]);
            r.header_list.extend(distinct_names(n).iter());
            r
        },
        |r| match fetch_with(r) {
            FetchOutcome::Response(resp) => assert!(resp.headers.is_empty()),
            other => panic!("{other:?}"),
        },
    );
}

#[test]
fn engine_fetch_with_many_exposed_names_is_linear() {
    assert_linear(
        "engine fetch, many exposed names",
        LINES,
        |n| {
            let mut r = NetworkResponse::new(200, [("Access-Control-Allow-Origin", "*")]);
            for i in 0..n {
                r.header_list.push_raw(
                    b"Access-Control-Expose-Headers",
                    format!("x-h{i}").as_bytes(),
                );
                r.header_list.push_raw(b"X-Same", b"v");
            }
            r
        },
        |r| match fetch_with(r) {
            FetchOutcome::Response(resp) => {
                assert!(resp.headers.iter().all(|(n, _)| n != b"x-same"))
            }
            other => panic!("{other:?}"),
        },
    );
}

// ---------------------------------------------------------------------------
// The preflight cache.

fn key(url: &str) -> CacheKey<'_> {
    CacheKey {
        partition: "https://a.test",
        origin: "https://a.test",
        url,
        credentials: false,
    }
}

#[test]
fn preflight_cache_stays_within_capacity_for_a_million_groups() {
    let mut cache = PreflightCache::default();
    let capacity = cache.capacity();
    let max_age = Duration::from_secs(600);
    let mut url = String::new();
    for i in 0..1_000_000u32 {
        url.clear();
        url.push_str("https://b.test/");
        url.push_str(&i.to_string());
        cache.insert_method(&key(&url), "PUT", max_age, Duration::ZERO);
        if i % 4096 == 0 {
            assert!(
                cache.group_count() <= capacity,
                "{} groups",
                cache.group_count()
            );
        }
    }
    assert_eq!(cache.group_count(), capacity);
    assert_eq!(cache.entry_count(), capacity);
    // The newest group survived, the oldest was evicted.
    assert!(cache.method_match(&key("https://b.test/999999"), "PUT", Duration::ZERO, false));
    assert!(!cache.method_match(&key("https://b.test/0"), "PUT", Duration::ZERO, false));
}

#[test]
fn preflight_cache_group_keeps_a_bounded_number_of_entries() {
    let mut cache = PreflightCache::new(8);
    let max_age = Duration::from_secs(600);
    let k = key("https://b.test/");
    for i in 0..100_000u32 {
        cache.insert_header_name(&k, format!("x-h{i}").as_bytes(), max_age, Duration::ZERO);
    }
    assert_eq!(cache.group_count(), 1);
    assert_eq!(cache.entry_count(), MAX_ENTRIES_PER_GROUP);
}

#[test]
fn preflight_cache_insert_and_clear_cycles_stay_bounded() {
    let mut cache = PreflightCache::new(16);
    let max_age = Duration::from_secs(600);
    let mut url = String::new();
    for i in 0..200_000u32 {
        url.clear();
        url.push_str("https://b.test/");
        url.push_str(&(i % 64).to_string());
        cache.insert_method(&key(&url), "PUT", max_age, Duration::ZERO);
        if i % 3 == 0 {
            cache.clear(&key(&url));
        }
        assert!(cache.group_count() <= 16);
    }
}

#[test]
fn engine_preflights_fill_the_cache_within_capacity() {
    let origin = Origin::parse_serialized("https://a.test").expect("origin");
    let mut profile = Profile::SPEC;
    profile.preflight_cache.capacity = 64;
    let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
    let headers = [("X-Custom".to_owned(), "1".to_owned())];
    let preflight_ok = NetworkResponse::new(
        204,
        [
            ("Access-Control-Allow-Origin", "https://a.test"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "x-custom"),
            ("Access-Control-Max-Age", "600"),
        ],
    );
    let ok = NetworkResponse::new(200, [("Access-Control-Allow-Origin", "https://a.test")]);
    for i in 0..2_000 {
        let url = format!("https://b.test/{i}");
        let init = FetchInit {
            url: &url,
            method: Some("PUT"),
            headers: &headers,
            ..FetchInit::default()
        };
        let request = Request::from_fetch_init(&origin, &init, &profile).expect("request");
        let controller = FetchController::new(request, &profile, "https://a.test");
        let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, |r| {
            Ok(match r.kind {
                RequestKind::Preflight => preflight_ok.clone(),
                RequestKind::Main => ok.clone(),
            })
        });
        assert!(matches!(outcome, FetchOutcome::Response(_)), "{outcome:?}");
        assert_eq!(sent.len(), 2);
        assert!(cache.group_count() <= cache.capacity());
    }
    assert_eq!(cache.group_count(), 64);
}

// ---------------------------------------------------------------------------
// Deeply nested scenario JSON.

const MINIMAL: &str = r#""client": {"origin": "https://a.test"}, "fetches": []"#;

fn nested(depth: usize, open: &str, close: &str) -> String {
    let mut s = String::with_capacity(depth * (open.len() + close.len()));
    for _ in 0..depth {
        s.push_str(open);
    }
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

#[test]
fn deeply_nested_unknown_field_is_an_error() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let deep = nested(10_000, open, close);
        for json in [
            format!(r#"{{"id": "deep", {MINIMAL}, "x": {deep}}}"#),
            format!(
                r#"{{"id": "deep", "client": {{"origin": "https://a.test", "x": {deep}}}, "fetches": []}}"#
            ),
            format!(r#"{{"id": "deep", {MINIMAL}, "server": {deep}}}"#),
            format!(
                r#"{{"id": "deep", "client": {{"origin": "https://a.test"}}, "fetches": [{{"request": {{"url": "https://b.test/", "x": {deep}}}}}]}}"#
            ),
            deep.clone(),
        ] {
            let result = Scenario::from_json(&json);
            assert!(result.is_err(), "nesting accepted: {}", &json[..60]);
        }
    }
}

#[test]
fn moderately_nested_unknown_field_round_trips() {
    let deep = nested(100, "[", "]");
    // Unknown fields are rejected (issue 13); `disagreement` is one the
    // conformance harness records, kept uninterpreted.
    let unknown = format!(r#"{{"id": "deep", {MINIMAL}, "x": {deep}}}"#);
    assert!(Scenario::from_json(&unknown).is_err());
    let json = format!(r#"{{"id": "deep", {MINIMAL}, "disagreement": {deep}}}"#);
    let scenario = Scenario::from_json(&json).expect("100 levels parse");
    let again = Scenario::from_json(&scenario.to_json_pretty()).expect("and round-trip");
    assert_eq!(again, scenario);
}
