//! Any bytes through the parser and the rules: no panic, every span inside
//! the input (and on a char boundary when the input is UTF-8), and a clean
//! parse writes back byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = sdpcheck::check(data);
    let text = std::str::from_utf8(data).ok();
    for finding in report.findings() {
        for label in finding.labels() {
            let span = label.span;
            assert!(span.start <= span.end && span.end as usize <= data.len(), "{span:?}");
            if let Some(text) = text {
                assert!(text.is_char_boundary(span.start as usize), "{span:?}");
                assert!(text.is_char_boundary(span.end as usize), "{span:?}");
            }
        }
    }
    if report.findings().is_empty() {
        assert_eq!(sdpcheck::to_bytes(report.sdp()), data);
    }
});
