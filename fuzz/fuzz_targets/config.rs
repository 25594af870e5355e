//! Arbitrary text as `site.toml`: a `Config` or an error, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(config) = broadsheet::config::parse(text, Path::new("/site"), Path::new("/site/site.toml")) {
        // The base URL always ends in `/`, and its path too.
        assert!(config.base_url.as_str().ends_with('/'));
        assert!(config.base_url.path().ends_with('/'));
    }
});
