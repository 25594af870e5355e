//! Arbitrary request URLs through `serve`'s mapping to site files: a path inside the site
//! or `None`, never a panic, never a way out.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    if let Some(path) = broadsheet::serve::site_path(url) {
        assert!(!path.starts_with('/'), "{path}");
        assert!(!path.contains('\\') && !path.contains('\0'), "{path}");
        assert!(path.split('/').all(|s| !s.is_empty() && s != ".." && s != "."), "{path}");
        assert!(!std::path::Path::new(&path).is_absolute());
    }
});
