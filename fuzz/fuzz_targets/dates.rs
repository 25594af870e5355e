//! Arbitrary text through the date parsers: dates as outlets print them, temporal
//! expressions in running text (with and without a publication date); never a panic.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(found) = broadsheet::dates::find_date(text) {
        // The span found lies within the line, on character boundaries.
        assert!(text.get(found.span.clone()).is_some());
    }
    let _ = broadsheet::temporal::tense(text);
    for published in [None, NaiveDate::from_ymd_opt(2016, 9, 5), NaiveDate::from_ymd_opt(1, 1, 1), NaiveDate::from_ymd_opt(9999, 12, 31)] {
        let _ = broadsheet::temporal::find(text, published);
    }
});
