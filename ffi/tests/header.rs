//! The checked-in header `include/xorigin.h` is what cbindgen generates from
//! the crate today. `XORIGIN_BLESS=1` writes it instead of comparing.

use std::path::Path;

#[test]
fn the_checked_in_header_is_not_stale() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = match cbindgen::Config::from_file(dir.join("cbindgen.toml")) {
        Ok(config) => config,
        Err(e) => panic!("cbindgen.toml: {e}"),
    };
    let bindings = match cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
    {
        Ok(bindings) => bindings,
        Err(e) => panic!("cbindgen: {e}"),
    };
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let path = dir.join("include/xorigin.h");
    if std::env::var_os("XORIGIN_BLESS").is_some() {
        if let Err(e) = std::fs::write(&path, &generated) {
            panic!("writing {}: {e}", path.display());
        }
        return;
    }
    let checked_in = std::fs::read(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is stale: regenerate it with `XORIGIN_BLESS=1 cargo test -p xorigin-ffi --test header` and commit it",
        path.display()
    );
}
