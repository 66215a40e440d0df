//! The invariants the fuzz targets assert: one public function per target.
//!
//! Shared by the targets in `fuzz/fuzz_targets/` (through the
//! `sdpcheck_fuzz` library) and by `tests/it/fuzz_regressions.rs`, which
//! includes this file and replays every saved crash through the same
//! functions, so a regression test asserts exactly what the fuzzer asserted
//! when it found the input. A broken invariant panics: that is how a fuzzer
//! learns of it. Only the public API is used, the way the CLI uses it.

use std::io::Read;

use sdpcheck::extract::{self, Extractor};
use sdpcheck::render::human::HumanOptions;
use sdpcheck::render::{Entry, Format, PairEntry, RenderOptions, render};
use sdpcheck::source::LineIndex;
use sdpcheck::{
    Finding, LabelSource, Limits, Options, PairReport, ProfileChoice, Report, RequiredCodec,
};

/// The input name the renderers get: hostile itself (a terminal escape, a
/// line break, a workflow command, a percent escape), since a file name is
/// user input too.
pub const NAME: &str = "in\u{1b}[31m\r\n::error::x%0A.sdp";

/// The name of the offer side in pair renders.
const OFFER_NAME: &str = "offer\u{7}\u{202e}.sdp";

/// Every profile, without and with required codecs (`pcma` is the G.711
/// A-law trunk policy; `opus` adds a second, with fixed rate and channels).
pub fn option_sets() -> Vec<Options> {
    let required: Vec<RequiredCodec> =
        ["pcma", "opus"].iter().filter_map(|n| n.parse().ok()).collect();
    let mut sets = Vec::new();
    for profile in [ProfileChoice::Auto, ProfileChoice::WebRtc, ProfileChoice::Sip] {
        for codecs in [Vec::new(), required.clone()] {
            let mut options = Options::default();
            options.profile = profile;
            options.required_codecs = codecs;
            sets.push(options);
        }
    }
    sets
}

/// `parse`: no panic; every finding's and every line's span lies within the
/// input (and on a char boundary when the input is UTF-8), lines come in
/// order without overlapping; a parse without findings writes back the
/// input byte for byte.
pub fn parse(data: &[u8]) {
    let parsed = sdpcheck::parse(data);
    assert_eq!(parsed.sdp().source().len(), data.len(), "source is the input");
    assert_spans(parsed.findings(), data, None);
    let text = std::str::from_utf8(data).ok();
    let mut previous_end = 0;
    for line in parsed.sdp().lines() {
        let span = line.span;
        assert!(span.start <= span.end && span.end as usize <= data.len(), "line {span:?}");
        assert!(span.start >= previous_end, "line {span:?} overlaps the previous one");
        previous_end = span.end;
        if let Some(text) = text {
            assert!(text.is_char_boundary(span.start as usize), "line {span:?}");
            assert!(text.is_char_boundary(span.end as usize), "line {span:?}");
        }
    }
    if parsed.findings().is_empty() {
        assert_eq!(sdpcheck::to_bytes(parsed.sdp()), data, "clean parse does not round-trip");
    }
}

/// `check`: every rule under every option set, then the input the way the
/// CLI reads it (every SDP extracted, each checked, the offer/answer pairs
/// among them checked together), rendered in every format (SARIF on a
/// third of the inputs, see [`with_sarif`]). No panic; spans in bounds;
/// JSON, SARIF and every JSON line re-parse and agree on the number of
/// findings; line formats hold one line per finding and no raw control
/// character; GitHub commands cannot be split or extended.
pub fn check(data: &[u8]) {
    let options = option_sets();
    let reports: Vec<Report<'_>> = options.iter().map(|o| sdpcheck::check_with(data, o)).collect();
    for report in &reports {
        assert_spans(report.findings(), data, None);
    }
    let found = extract::extract(data, &Limits::default());
    let extracted: Vec<Report<'_>> = found.sdps.iter().map(|s| sdpcheck::check(&s.text)).collect();
    for (report, sdp) in extracted.iter().zip(&found.sdps) {
        assert_spans(report.findings(), &sdp.text, None);
    }
    let pair_indexes = found.pairs();
    let pair_reports: Vec<PairReport<'_>> = pair_indexes
        .iter()
        .map(|&(o, a)| {
            let (offer, answer): (&[u8], &[u8]) = (&found.sdps[o].text, &found.sdps[a].text);
            let report = sdpcheck::check_pair(offer, answer);
            assert_spans(report.findings(), answer, Some(offer));
            report
        })
        .collect();

    let index = LineIndex::new(data);
    // Rendering costs more than checking: render two of the six reports
    // (auto without, SIP with required codecs), whose findings differ most.
    let mut entries: Vec<Entry<'_, '_>> = [&reports[0], &reports[5]]
        .into_iter()
        .enumerate()
        .map(|(number, report)| Entry { number, ..Entry::new(NAME, data, &index, report) })
        .collect();
    let direct = entries.len();
    entries.extend(extracted.iter().zip(&found.sdps).enumerate().map(|(i, (report, sdp))| Entry {
        number: direct + i,
        source: NAME,
        text: data,
        index: &index,
        base: 0,
        offset: usize::try_from(sdp.offset()).unwrap_or(usize::MAX),
        map: Some(&sdp.map),
        role: sdp.role.map(extract::Role::as_str),
        session: sdp.session.as_deref(),
        unpaired: false,
        report,
        quoted: false,
    }));
    let pairs: Vec<PairEntry<'_, '_>> = pair_indexes
        .iter()
        .zip(&pair_reports)
        .map(|(&(o, a), report)| PairEntry { offer: direct + o, answer: direct + a, report })
        .collect();
    render_all(&entries, &pairs, with_sarif(data.len()));
}

/// Splits one fuzz input into an offer and an answer: at the first `0xFF`
/// byte, else at the fraction of the rest that the first byte gives.
pub fn split_pair(data: &[u8]) -> (&[u8], &[u8]) {
    if let Some(at) = data.iter().position(|b| *b == 0xFF) {
        return (&data[..at], &data[at + 1..]);
    }
    let Some((first, rest)) = data.split_first() else { return (&[], &[]) };
    let cut = rest.len() * usize::from(*first) / 256;
    rest.split_at(cut)
}

/// `pair`: the offer and answer checked together under several option
/// sets. No panic; spans in bounds on the side they name; the negotiated
/// codecs of each m= line are the answer's codecs that match an offered
/// one by name, clock rate and channels (RFC 3264 §6.1, as
/// `sdpcheck::negotiate` defines it), and a rejected section has none.
/// The pair is then rendered in every format.
pub fn pair(offer: &[u8], answer: &[u8]) {
    let all = option_sets();
    // Auto, WebRTC, and SIP with required codecs: one of each profile.
    let chosen = [0, 2, 5].map(|i| &all[i]);
    let reports: Vec<PairReport<'_>> =
        chosen.iter().map(|o| sdpcheck::check_pair_with(offer, answer, o)).collect();
    for report in &reports {
        assert_spans(report.offer().findings(), offer, None);
        assert_spans(report.answer().findings(), answer, None);
        assert_spans(report.findings(), answer, Some(offer));
        assert_negotiation(report);
    }
    let (offer_index, answer_index) = (LineIndex::new(offer), LineIndex::new(answer));
    let report = &reports[0];
    let entries = [
        Entry {
            role: Some("offer"),
            ..Entry::new(OFFER_NAME, offer, &offer_index, report.offer())
        },
        Entry {
            number: 1,
            role: Some("answer"),
            ..Entry::new(NAME, answer, &answer_index, report.answer())
        },
    ];
    let pairs = [PairEntry { offer: 0, answer: 1, report }];
    render_all(&entries, &pairs, with_sarif(offer.len() + answer.len()));
}

/// The negotiated result agrees with both sides' codecs.
fn assert_negotiation(report: &PairReport<'_>) {
    let offer: Vec<_> = report.offer().sdp().media().collect();
    let answer: Vec<_> = report.answer().sdp().media().collect();
    let negotiated = &report.negotiation().media;
    assert_eq!(negotiated.len(), offer.len().min(answer.len()), "one entry per aligned m= line");
    for (i, m) in negotiated.iter().enumerate() {
        assert_eq!(m.index, i, "entries in m= line order");
        if !m.accepted {
            assert!(m.codecs.is_empty(), "rejected section {i} has codecs {:?}", m.codecs);
        }
        let offered = offer[i].codecs();
        let answered = answer[i].codecs();
        for c in &m.codecs {
            assert!(answered.contains(c), "section {i}: {c:?} is not an answered codec");
            assert!(
                offered.iter().any(|o| o.name.eq_ignore_ascii_case(c.name)
                    && o.clock_rate == c.clock_rate
                    && o.channels.unwrap_or(1) == c.channels.unwrap_or(1)),
                "section {i}: {c:?} matches no offered codec in {offered:?}"
            );
        }
    }
}

/// `extract`: any bytes through [`extract::extract`] and through a
/// streaming [`Extractor`] fed in small chunks, under the default limits
/// and under tiny ones (so texts are cut at the cap). No panic; every
/// source map points inside the input, in order, at the byte it maps (or
/// at the backslash of the escape that produced it); both ways find the
/// same SDPs at the same offsets.
pub fn extract(data: &[u8]) {
    let chunk = 1 + usize::from(data.first().copied().unwrap_or(0) % 7);
    let mut tiny = Limits::default();
    tiny.max_sdp_bytes = 48;
    for limits in [Limits::default(), tiny] {
        let found = extract::extract(data, &limits);
        assert_eq!(found.bytes_scanned, data.len() as u64, "every byte scanned");
        for sdp in &found.sdps {
            assert_mapped(data, sdp, &limits);
        }
        for (o, a) in found.pairs() {
            assert!(o < found.sdps.len() && a < found.sdps.len() && o != a, "pair {o} {a}");
        }
        let streamed: Vec<_> = Extractor::new(Chunks { data, chunk }, &limits)
            .map(|r| r.expect("reading a slice cannot fail"))
            .collect();
        assert_eq!(streamed.len(), found.sdps.len(), "streamed and in-memory SDP counts differ");
        for (s, m) in streamed.iter().zip(&found.sdps) {
            assert_eq!(s.offset(), m.offset(), "streamed and in-memory offsets differ");
            assert_eq!(s.text, m.text, "streamed and in-memory texts differ");
            assert_eq!(s.map, m.map, "streamed and in-memory maps differ");
        }
    }
}

/// The source map of one extracted SDP against its input.
fn assert_mapped(data: &[u8], sdp: &extract::ExtractedSdp<'_>, limits: &Limits) {
    let len = data.len() as u64;
    let text: &[u8] = &sdp.text;
    assert!(text.len() <= limits.max_sdp_bytes + 4, "text of {} bytes past the cap", text.len());
    let mut previous = 0;
    for (i, byte) in text.iter().enumerate() {
        let at = sdp.map.to_input(i);
        assert!(at < len, "byte {i} maps to {at}, past the input's {len} bytes");
        assert!(at >= previous, "byte {i} maps to {at}, before byte {}'s {previous}", i - 1);
        previous = at;
        let source = data[usize::try_from(at).unwrap_or(usize::MAX)];
        assert!(
            source == *byte || source == b'\\',
            "byte {i} ({byte:#04x}) maps to {at} ({source:#04x}), neither it nor an escape"
        );
    }
    let whole = sdp.input_span(sdpcheck::Span::new(0, text.len()));
    assert!(whole.start <= whole.end && whole.end <= len, "whole text maps to {whole:?}");
    for offset in (0..=text.len()).step_by((text.len() / 8).max(1)) {
        let (line, column) = sdp.position(offset);
        assert!(line >= 1 && column >= 1, "position ({line}, {column}) of {offset}");
    }
}

/// A reader that hands out at most `chunk` bytes per call, so the
/// streaming extractor meets every split of every token.
struct Chunks<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Every label of every finding inside the description it names: `this`,
/// or `offer` for the offer-side labels of a pair finding.
fn assert_spans(findings: &[Finding], this: &[u8], offer: Option<&[u8]>) {
    for finding in findings {
        for label in finding.labels() {
            let src = match label.source {
                LabelSource::This => this,
                LabelSource::Offer => offer.expect("an offer-side label outside a pair"),
            };
            let span = label.span;
            assert!(
                span.start <= span.end && span.end as usize <= src.len(),
                "{}: {span:?} outside {} bytes",
                finding.name(),
                src.len()
            );
            if let Ok(text) = std::str::from_utf8(src) {
                assert!(
                    text.is_char_boundary(span.start as usize)
                        && text.is_char_boundary(span.end as usize),
                    "{}: {span:?} splits a character",
                    finding.name()
                );
            }
        }
    }
}

/// Whether an input of `len` bytes is also rendered as SARIF. The log
/// carries the whole rule registry's documentation, which costs two thirds
/// of a `check` run whatever the input; what the input reaches (the
/// results, built by the code JSON lines share) is covered on every third
/// length, which the fuzzer's mutations change all the time. Decided by
/// the input alone, so a saved crash replays the same way.
fn with_sarif(len: usize) -> bool {
    len % 3 == 0
}

/// Every format, rendered as the CLI renders it, and checked.
fn render_all(entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>], with_sarif: bool) {
    let doc = render(Format::Json, entries, pairs, &RenderOptions::default());
    assert_no_controls(&doc, "json");
    let doc: serde_json::Value = serde_json::from_str(&doc).expect("JSON output does not parse");
    let count = doc["diagnostics"].as_array().expect("JSON has diagnostics").len();

    let lines = render(Format::JsonLines, entries, pairs, &RenderOptions::default());
    assert_no_controls(&lines, "json-lines");
    assert_eq!(lines.lines().count(), count, "one JSON line per diagnostic");
    for line in lines.lines() {
        let _: serde_json::Value = serde_json::from_str(line).expect("JSON line does not parse");
    }

    if with_sarif {
        let log = render(Format::Sarif, entries, pairs, &RenderOptions::default());
        // The rules array before the results is the same for every input
        // (and most of the log): scan only what the input can reach.
        let results_at = log.find("\"results\"").unwrap_or(0);
        assert_no_controls(&log[results_at..], "sarif");
        let log: serde_json::Value = serde_json::from_str(&log).expect("SARIF does not parse");
        let results = log["runs"][0]["results"].as_array().expect("SARIF has results");
        assert_eq!(results.len(), count, "one SARIF result per diagnostic");
    }

    let lines = render(Format::Concise, entries, pairs, &RenderOptions::default());
    assert_no_controls(&lines, "concise");
    assert_eq!(lines.lines().count(), count, "one concise line per diagnostic");

    let commands = render(Format::Github, entries, pairs, &RenderOptions::default());
    assert_no_controls(&commands, "github");
    assert_eq!(commands.lines().count(), count, "one GitHub command per diagnostic");
    for command in commands.lines() {
        assert_github_command(command);
    }

    // Unicode or ASCII drawing, by a bit of the input (one render is a
    // tenth of the cost of a run).
    let unicode = entries.first().is_none_or(|e| e.text.len() % 2 == 0);
    let opts = HumanOptions { unicode, ..HumanOptions::default() };
    let out = render(
        Format::Human,
        entries,
        pairs,
        &RenderOptions { human: opts, ..RenderOptions::default() },
    );
    assert_no_controls(&out, "human");
    if !unicode {
        assert!(out.is_ascii(), "ASCII human output holds non-ASCII:\n{out}");
    }
}

/// One workflow command: `::<level> <properties>::<message>`, where the
/// properties are exactly the six sdpcheck writes, none holding a `:` or a
/// `,` of its own, so the input can add no property and start no command.
fn assert_github_command(command: &str) {
    let rest = ["::error ", "::warning ", "::notice "]
        .iter()
        .find_map(|p| command.strip_prefix(p))
        .unwrap_or_else(|| panic!("not a workflow command: {command:?}"));
    let (properties, _message) =
        rest.split_once("::").unwrap_or_else(|| panic!("no message in {command:?}"));
    let keys: Vec<&str> =
        properties.split(',').map(|p| p.split_once('=').map_or(p, |(k, _)| k)).collect();
    assert_eq!(
        keys,
        ["file", "line", "col", "endLine", "endColumn", "title"],
        "properties of {command:?}"
    );
}

/// No control character but the `\n` that ends a line: no ESC, no NUL, no
/// CR (so no annotation or JSON line is split), no C1, no DEL.
fn assert_no_controls(out: &str, format: &str) {
    if let Some((i, c)) = out.char_indices().find(|(_, c)| c.is_control() && *c != '\n') {
        let before: String =
            out[..i].chars().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
        panic!("{format}: raw {c:?} at byte {i}, after {before:?}");
    }
}

/// `differential`: where sdpcheck's parser and webrtc-sdp both accept a
/// UTF-8 input, they read the same media sections, origin and connection
/// addresses unless a documented webrtc-sdp quirk explains the difference;
/// where sdpcheck accepts, the piecewise check (what `webrtc-sdp-rejects`
/// runs) gives webrtc-sdp's verdict on the whole and names only real lines.
#[cfg(feature = "browser-check")]
pub fn differential(data: &[u8]) {
    use sdpcheck::browser::{Comparison, compare, rejections_piecewise};

    // webrtc-sdp reads only `&str`.
    if std::str::from_utf8(data).is_err() {
        return;
    }
    let parsed = sdpcheck::parse(data);
    let comparison = compare(&parsed);
    let pieces = rejections_piecewise(parsed.sdp());
    let lines = parsed.sdp().lines().len();
    for r in &pieces {
        if let Some(line) = r.line {
            assert!(line < lines, "{r:?} names line {line} of {lines}");
        }
    }
    match comparison {
        Comparison::BothAccept(differences) => {
            assert!(pieces.is_empty(), "webrtc-sdp accepts the whole, a piece fails: {pieces:?}");
            for d in &differences {
                assert!(
                    d.quirk().is_some(),
                    "no webrtc-sdp quirk explains {:?}: sdpcheck reads `{}`, webrtc-sdp reads `{}`",
                    d.field,
                    d.ours,
                    d.browser
                );
            }
        }
        Comparison::BrowserRejects(found) => {
            assert!(!found.is_empty(), "webrtc-sdp rejects the whole, every piece passes");
        }
        _ => {}
    }
}
