//! Nanoseconds per call for the method and header predicates, which run on
//! every request a crawler or headless browser makes.
//!
//! A short run: `cargo bench --bench predicates -- --quick`.

mod inputs;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use xorigin::http::headers::{
    HeaderList, cors_unsafe_request_header_names, extract_header_list_values,
    is_cors_safelisted_request_header, is_cors_safelisted_response_header_name,
    is_forbidden_request_header, normalize_header_value, parse_access_control_max_age,
};
use xorigin::http::method::{is_cors_safelisted_method, is_forbidden_method, normalize_method};
use xorigin::mime::MimeType;

fn methods(c: &mut Criterion) {
    let mut g = c.benchmark_group("method");
    g.bench_function("is_cors_safelisted_method", |b| {
        b.iter(|| is_cors_safelisted_method(black_box("POST")))
    });
    g.bench_function("is_forbidden_method", |b| {
        b.iter(|| is_forbidden_method(black_box("track")))
    });
    g.bench_function("normalize_method", |b| {
        b.iter(|| normalize_method(black_box("options")))
    });
    g.finish();
}

fn request_headers(c: &mut Criterion) {
    let mut g = c.benchmark_group("request_header");
    for (label, name, value) in inputs::REQUEST_HEADERS {
        g.bench_function(format!("is_cors_safelisted_request_header/{label}"), |b| {
            b.iter(|| is_cors_safelisted_request_header(black_box(name), black_box(value)))
        });
        g.bench_function(format!("is_forbidden_request_header/{label}"), |b| {
            b.iter(|| is_forbidden_request_header(black_box(name), black_box(value)))
        });
    }
    g.bench_function("is_forbidden_request_header/x-http-method-override", |b| {
        b.iter(|| {
            is_forbidden_request_header(
                black_box(inputs::METHOD_OVERRIDE.0),
                black_box(inputs::METHOD_OVERRIDE.1),
            )
        })
    });
    g.bench_function("normalize_header_value", |b| {
        b.iter(|| normalize_header_value(black_box(b"  text/plain \r\n")))
    });
    let list: HeaderList = [
        ("Accept", "*/*"),
        ("Content-Type", "application/json"),
        ("X-Request-Id", "abc"),
        ("Accept-Language", "en"),
    ]
    .into_iter()
    .collect();
    g.bench_function("cors_unsafe_request_header_names/4", |b| {
        b.iter(|| cors_unsafe_request_header_names(black_box(&list)))
    });
    g.finish();
}

fn response_headers(c: &mut Criterion) {
    let mut g = c.benchmark_group("response_header");
    let exposed: [&[u8]; 2] = [b"X-Total", b"X-Page"];
    g.bench_function("is_cors_safelisted_response_header_name", |b| {
        b.iter(|| is_cors_safelisted_response_header_name(black_box(b"x-page"), &exposed))
    });
    let list: HeaderList = [
        ("Access-Control-Allow-Methods", "PUT, DELETE, PATCH"),
        ("Access-Control-Max-Age", "600"),
    ]
    .into_iter()
    .collect();
    g.bench_function("extract_header_list_values/allow-methods", |b| {
        b.iter(|| extract_header_list_values(black_box(b"access-control-allow-methods"), &list))
    });
    g.bench_function("parse_access_control_max_age", |b| {
        b.iter(|| parse_access_control_max_age(black_box(&list)))
    });
    g.bench_function("MimeType::parse_bytes", |b| {
        b.iter(|| MimeType::parse_bytes(black_box(b"text/html; charset=\"utf-8\"")))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(500))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = methods, request_headers, response_headers
}
criterion_main!(benches);
