//! Validating an SDP with sdpcheck in under 15 lines.
fn main() {
    let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    let report = sdpcheck::check(sdp);
    for finding in report.findings() {
        println!("{} {}: {}", finding.code(), finding.name(), finding.message());
    }
    assert!(report.has_errors(), "no c= line: missing-connection must fire");
    assert_eq!(report.findings()[0].name(), "missing-connection");
}
