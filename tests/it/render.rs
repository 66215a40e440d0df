//! Human output (`sdpcheck::render::human`) against the miette 7.6 defects
//! that module defends against: long lines, control characters, many
//! findings, labels at end of input, overlapping labels, colour.
#![expect(
    clippy::print_stdout,
    reason = "tests show what they rendered, for review with --nocapture"
)]

use std::time::Instant;

use sdpcheck::render::human::{HumanOptions, render, render_to_string};
use sdpcheck::source::LineIndex;
use sdpcheck::{Finding, Limits, RuleId, Span};

const HEADER: &[u8] = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";

fn show(name: &str, text: &[u8], findings: &[Finding]) -> String {
    show_with(name, text, findings, &HumanOptions::default())
}

fn show_with(name: &str, text: &[u8], findings: &[Finding], opts: &HumanOptions) -> String {
    let out = render_to_string(name, text, &LineIndex::new(text), findings, opts);
    println!("{out}");
    out
}

/// A finding of our own, so tests do not depend on a rule's wording (nor on
/// the browser verdicts the rule attaches by default).
fn finding(labels: &[(usize, usize, &'static str)]) -> Finding {
    let mut f = Finding::new(RuleId::InvalidLine, "Something is wrong here").with_stacks(&[]);
    for &(start, end, text) in labels {
        f = f.with_label(Span::new(start, end), text);
    }
    f
}

/// The `[name:line:col]` headers of every snippet, in order.
fn headers(out: &str) -> Vec<&str> {
    out.lines()
        .filter_map(|l| l.trim_start().strip_prefix("╭─[").and_then(|l| l.strip_suffix(']')))
        .collect()
}

/// The character columns (from the start of the line) that the underline
/// below the source line containing `needle` covers, and where `needle` is
/// in that line. Both lines share miette's gutter, so the columns compare.
fn underline_under(out: &str, needle: &str) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| l.contains(needle) && l.contains('│')).unwrap();
    let src = lines[at];
    let byte = src.find(needle).unwrap();
    let start = src[..byte].chars().count();
    let token = start..start + needle.chars().count();
    let marks = lines[at + 1];
    let gutter = marks.find('·').unwrap() + '·'.len_utf8();
    let cols: Vec<usize> = marks
        .char_indices()
        .filter(|&(i, c)| i > gutter && matches!(c, '─' | '┬' | '▲' | '^' | '|'))
        .map(|(i, _)| marks[..i].chars().count())
        .collect();
    let under = *cols.first().unwrap()..*cols.last().unwrap() + 1;
    (under, token)
}

#[test]
fn typical_finding_shows_true_position_and_caret() {
    let sdp: &[u8] =
        b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n";
    let report = sdpcheck::check(sdp);
    let out = show("offer.sdp", sdp, report.findings());
    assert!(out.starts_with("number-out-of-range [40004, 32009, 32102]\n"), "{out}");
    assert_eq!(headers(&out), ["offer.sdp:5:9"]);
    assert!(out.contains(" 5 │ m=audio 99999 RTP/AVP 0\n"));
    let (under, token) = underline_under(&out, "99999");
    assert_eq!(under, token);
    // The empty "line" after the final CRLF is not shown as context.
    assert!(!out.contains(" 6 │"), "{out}");
}

#[test]
fn exact_layout_of_one_finding() {
    let text = b"v=0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n";
    let f = finding(&[(14, 19, "this media")]).with_help("Fix it");
    let out = show("a.sdp", text, &[f]);
    let body = out.split_once("\n\n").unwrap().1;
    assert_eq!(
        body,
        "  × Something is wrong here
   ╭─[a.sdp:3:5]
 2 │ s=-
 3 │ m=audio 9 RTP/AVP 0
   ·     ──┬──
   ·       ╰── this media
   ╰────
  help: Fix it
"
    );
}

#[test]
fn findings_are_separated_by_one_blank_line() {
    let text = b"v=0\r\ns=-\r\n";
    let out = show("a.sdp", text, &[finding(&[(0, 3, "one")]), finding(&[(5, 8, "two")])]);
    let (first, second) = out.split_once("\n\ninvalid-line").unwrap();
    assert!(first.ends_with("╰────") && !first.ends_with('\n'), "{out}");
    assert!(second.contains("[a.sdp:2:1]"));
}

// miette 7.6 panics or misrenders a label starting past column 65535: the
// line is cut to a window around the label, and the header keeps the truth.
#[test]
fn label_past_column_65535_is_windowed() {
    let mut text = HEADER.to_vec();
    let line_start = text.len();
    let mut line = vec![b'a'; 1 << 20];
    line[700_000..700_005].copy_from_slice(b"bbbbb");
    text.extend_from_slice(&line);
    text.extend_from_slice(b"\r\n");
    let at = line_start + 700_000;
    let index = LineIndex::new(&text);
    assert_eq!(index.position(&text, at), (5, 700_001));

    let out = show("big.sdp", &text, &[finding(&[(at, at + 5, "here")])]);
    assert_eq!(headers(&out), ["big.sdp:5:700001"]);
    assert!(out.lines().all(|l| l.chars().count() < 200), "a line was not windowed:\n{out}");
    let src = out.lines().find(|l| l.contains("bbbbb")).unwrap();
    assert!(src.contains("│ …a") && src.ends_with("a…"), "{src}");
    let (under, token) = underline_under(&out, "bbbbb");
    assert_eq!(under, token);
}

#[test]
fn real_finding_on_a_1_mib_line() {
    let mut limits = Limits::default();
    limits.max_line_bytes = 2 << 20;
    limits.max_sdp_bytes = 4 << 20;
    let mut text = HEADER.to_vec();
    text.extend(std::iter::repeat_n(b'a', 1 << 20));
    text.extend_from_slice(b"\r\n");
    let mut options = sdpcheck::Options::default();
    options.limits = limits;
    let report = sdpcheck::check_with(&text, &options);
    let index = LineIndex::new(&text);
    let out = show("big.sdp", &text, report.findings());
    // Each finding's header holds its primary span's true position.
    let expected: Vec<String> = report
        .findings()
        .iter()
        .map(|f| {
            let (line, col) = index.position(&text, f.primary_span().unwrap().start as usize);
            format!("big.sdp:{line}:{col}")
        })
        .collect();
    assert!(
        report
            .findings()
            .iter()
            .any(|f| f.primary_span().unwrap().end as usize > HEADER.len() + 65_536)
    );
    assert_eq!(headers(&out), expected);
    assert!(out.lines().all(|l| l.chars().count() < 200), "a line was not windowed:\n{out}");
}

#[test]
fn two_labels_far_apart_on_one_long_line_get_a_window_each() {
    let mut text = HEADER.to_vec();
    let start = text.len();
    let mut line = vec![b'a'; 300_000];
    line[100_000..100_003].copy_from_slice(b"XXX");
    line[250_000..250_003].copy_from_slice(b"YYY");
    text.extend_from_slice(&line);
    text.extend_from_slice(b"\r\n");
    let f = finding(&[
        (start + 250_000, start + 250_003, "second"),
        (start + 100_000, start + 100_003, "first"),
    ]);
    let out = show("big.sdp", &text, &[f]);
    assert_eq!(headers(&out), ["big.sdp:5:100001", "big.sdp:5:250001"]);
    assert_eq!(underline_under(&out, "XXX").0, underline_under(&out, "XXX").1);
    assert_eq!(underline_under(&out, "YYY").0, underline_under(&out, "YYY").1);
    assert!(out.contains("╰── first") && out.contains("╰── second"));
}

#[test]
fn labels_on_distant_lines_keep_their_line_numbers() {
    let mut text = Vec::new();
    for i in 0..50 {
        text.extend_from_slice(format!("a=line{i:02}\r\n").as_bytes());
    }
    let index = LineIndex::new(&text);
    let at = |line: usize| index.line_start(line) + 2;
    let f = finding(&[(at(3), at(3) + 6, "early"), (at(40), at(40) + 6, "late")]);
    let out = show("a.sdp", &text, &[f]);
    assert_eq!(headers(&out), ["a.sdp:4:3", "a.sdp:41:3"]);
    for n in [3, 4, 5, 40, 41, 42] {
        assert!(out.contains(&format!(" {n} │ a=line{:02}\n", n - 1)), "line {n}:\n{out}");
    }
    assert!(!out.contains("line06") && !out.contains("line38"));
}

#[test]
fn tall_label_is_cut_to_its_first_line() {
    let mut text = Vec::new();
    for i in 0..30 {
        text.extend_from_slice(format!("a=line{i:02}\r\n").as_bytes());
    }
    let out = show("a.sdp", &text, &[finding(&[(0, text.len(), "this block")])]);
    assert!(out.contains("this block (through line 30)"), "{out}");
    assert!(out.lines().count() < 15, "{out}");
}

#[test]
fn empty_label_text_draws_a_bare_underline() {
    let text = b"v=0\r\ns=-\r\n";
    let out = show("a.sdp", text, &[finding(&[(5, 8, "")])]);
    assert!(out.contains(" 2 │ s=-\n   · ───\n"), "{out}");
    assert!(!out.contains("╰── "), "{out}");
}

// miette 7.6 writes control bytes to the terminal as they are.
#[test]
fn control_characters_are_escaped_and_carets_stay_aligned() {
    let mut text = b"v=0\r\n".to_vec();
    text.extend_from_slice(
        b"s=\x1b[31mred\x1b[0m \x00 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x7f\r\n",
    );
    let start = text.len();
    text.extend_from_slice("i=\u{9b}2J \u{202e}evil\u{202c} zw\u{200b}sp tag\u{e0041} ".as_bytes());
    text.extend_from_slice(b"lone\rcr \xff\xfe TOKEN end\r\n");
    let token = start + text[start..].windows(5).position(|w| w == b"TOKEN").unwrap();

    let f = Finding::new(RuleId::InvalidLine, "Bad `\x1b[2J` value\u{202e}")
        .with_label(Span::new(token, token + 5), "quoted \x1b]0;title\x07")
        .with_help("Remove \u{9b}this");
    let out = show("evil\x1b.sdp", &text, &[f]);

    for c in out.chars() {
        let bad = (c.is_control() && c != '\n')
            || ('\u{200b}'..='\u{200f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || ('\u{e0000}'..='\u{e007f}').contains(&c);
        assert!(!bad, "raw {c:?} in output");
    }
    // In source lines, control pictures for C0 and DEL; `⟨U+..⟩` for C1,
    // bidi, zero-width and tag characters (and for everything unsafe in
    // messages, labels and names); `\xNN` for bytes that are not UTF-8.
    assert!(
        out.contains(" 2 │ s=␛[31mred␛[0m ␀ ␛]8;;http://evil.example␛\\link␛]8;;␛\\ ␡\n"),
        "{out}"
    );
    assert!(
        out.contains(
            r"i=⟨U+009B⟩2J ⟨U+202E⟩evil⟨U+202C⟩ zw⟨U+200B⟩sp tag⟨U+E0041⟩ lone␍cr \xFF\xFE TOKEN end"
        ),
        "{out}"
    );
    assert!(out.contains("Bad `⟨U+001B⟩[2J` value⟨U+202E⟩"));
    assert!(out.contains("quoted ⟨U+001B⟩]0;title⟨U+0007⟩"));
    assert!(out.contains("help: Remove ⟨U+009B⟩this"));
    // The column counts input characters (an invalid byte is one), not
    // escaped ones.
    let (line, col) = LineIndex::new(&text).position(&text, token);
    assert_eq!(headers(&out), [format!("evil⟨U+001B⟩.sdp:{line}:{col}")]);
    let (under, token) = underline_under(&out, "TOKEN");
    assert_eq!(under, token);
}

#[test]
fn no_escape_byte_without_colour_and_some_with_it() {
    let text = b"v=0\r\ns=\x1b[2J\r\n";
    let f = finding(&[(5, 11, "here")]).with_help("Fix it");
    let plain = show("a.sdp", text, std::slice::from_ref(&f));
    assert!(!plain.contains('\x1b'));
    let opts = HumanOptions { color: true, ..HumanOptions::default() };
    let coloured = render_to_string("a.sdp", text, &LineIndex::new(text), &[f], &opts);
    assert!(coloured.contains('\x1b'), "the colour option is ignored");
    // Colours wrap miette's own text only: the input's ESC is still escaped.
    assert!(coloured.contains("␛[2J"));
}

#[test]
fn ascii_output_is_pure_ascii() {
    let text = "v=0\r\ns=Café \u{202e}\x1b 中文 x\r\n".as_bytes();
    let x = text.iter().position(|b| *b == b'x').unwrap();
    let opts = HumanOptions { unicode: false, ..HumanOptions::default() };
    let out = show_with("a.sdp", text, &[finding(&[(x, x + 1, "é here")])], &opts);
    assert!(out.is_ascii(), "{out}");
    assert!(out.contains("s=Caf<U+00E9> <U+202E><U+001B> <U+4E2D><U+6587> x"), "{out}");
    assert!(out.contains("[a.sdp:2:14]"), "{out}");
}

// miette 7.6 drops a label at exactly end-of-input and panics one past it.
#[test]
fn empty_label_at_end_of_input_is_drawn() {
    let text = b"v=0\r\ns=-\r\n";
    let index = LineIndex::new(text);
    assert_eq!(index.position(text, text.len()), (3, 1));
    let out = show("a.sdp", text, &[finding(&[(text.len(), text.len(), "input ends here")])]);
    assert_eq!(headers(&out), ["a.sdp:3:1"]);
    assert!(out.contains(" 3 │ \n"), "{out}");
    assert!(out.contains('▲') && out.contains("input ends here"), "{out}");
}

#[test]
fn empty_label_at_end_of_input_without_final_newline() {
    let text = b"v=0\r\ns=abc";
    let out = show("a.sdp", text, &[finding(&[(text.len(), text.len(), "input ends here")])]);
    assert_eq!(headers(&out), ["a.sdp:2:6"]);
    let (under, _) = underline_under(&out, "s=abc");
    // One column past the last character.
    let src = out.lines().find(|l| l.contains("s=abc")).unwrap();
    assert_eq!(under, src.chars().count()..src.chars().count() + 1);
}

#[test]
fn labels_past_end_of_input_are_clamped() {
    let text = b"v=0\r\ns=abc";
    let out = show(
        "a.sdp",
        text,
        &[finding(&[(text.len() + 5, text.len() + 50, "past the end"), (3, 999, "long")])],
    );
    assert!(out.contains("past the end") && out.contains("long"), "{out}");
    assert_eq!(headers(&out), ["a.sdp:2:6"]);
    // Also with an empty input.
    let out = show("a.sdp", b"", &[finding(&[(7, 9, "nothing")])]);
    assert_eq!(headers(&out), ["a.sdp:1:1"]);
    assert!(out.contains("nothing"));
}

// zkat/miette#268: miette draws the single-line labels of one line on one
// row, so overlapping ones would point at the wrong bytes; each overlapping
// label gets a snippet of its own, with its underline exactly under its span.
#[test]
fn overlapping_labels_are_each_drawn_under_their_bytes() {
    let text = b"v=0\r\nm=audio 99999 RTP/AVP 0\r\n";
    let f = finding(&[
        (13, 18, "the port"),
        (13, 13, "starts here"),
        (16, 18, "last digits"),
        (19, 26, "proto"),
    ]);
    let out = show("a.sdp", text, &[f]);
    assert_eq!(headers(&out), ["a.sdp:2:9", "a.sdp:2:9", "a.sdp:2:12"]);
    let lines: Vec<&str> = out.lines().collect();
    let src = lines.iter().position(|l| l.contains("m=audio")).unwrap();
    let col = |needle: &str| lines[src][..lines[src].find(needle).unwrap()].chars().count();
    let marks: Vec<&str> =
        lines.iter().filter(|l| l.contains('·') && !l.contains('╰')).copied().collect();
    let span_of = |row: &str| {
        let cols: Vec<usize> = row
            .chars()
            .enumerate()
            .filter(|(_, c)| matches!(c, '─' | '┬' | '▲'))
            .map(|(i, _)| i)
            .collect();
        (cols[0], cols[cols.len() - 1] + 1)
    };
    assert_eq!(span_of(marks[0]), (col("99999"), col("99999") + 1), "starts here: {}", marks[0]);
    assert_eq!(span_of(marks[1]), (col("99999"), col("99999") + 5), "the port: {}", marks[1]);
    // `last digits` and `proto` do not overlap, so they share a row.
    assert_eq!(marks[2].matches('┬').count(), 2, "{}", marks[2]);
    for label in ["the port", "starts here", "last digits", "proto"] {
        assert!(out.contains(&format!("── {label}")), "{label} missing:\n{out}");
    }
}

// miette 7.6 rescans the whole source for every label: 20,000 findings took
// 37 s. With the line index each costs O(window + log lines).
#[test]
fn twenty_thousand_findings_render_fast() {
    let mut text = Vec::new();
    for i in 0..20_000 {
        text.extend_from_slice(format!("a=attribute-number-{i}\r\n").as_bytes());
    }
    let index = LineIndex::new(&text);
    let findings: Vec<Finding> = (0..20_000)
        .map(|line| {
            let at = index.line_start(line) + 2;
            finding(&[(at, at + 9, "here")])
        })
        .collect();
    let started = Instant::now();
    let mut out = String::new();
    // Every finding drawn: the default cap (200) would hide the cost.
    let opts = HumanOptions { max_shown: usize::MAX, ..HumanOptions::default() };
    render(&mut out, "many.sdp", &text, &index, &findings, &opts).unwrap();
    let took = started.elapsed();
    println!("20,000 findings on 20,000 lines: {took:?}, {} bytes of output", out.len());
    assert_eq!(out.matches("╭─[many.sdp:").count(), 20_000);
    assert!(out.contains("[many.sdp:20000:3]"));
    assert!(took.as_secs() < 10, "took {took:?}");
}

/// Random inputs, spans and options: never a panic, never a raw control
/// character, and every snippet header names a true label position.
#[test]
fn random_inputs_render_safely() {
    let mut seed = 0x2545_F491_4F6C_DD1D_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % n as u64).unwrap()
    };
    let pieces: [&[u8]; 14] = [
        b"a=x",
        b"m=audio 9 RTP/AVP 0",
        b"\r\n",
        b"\n",
        b"\r",
        b"\x1b[2J",
        b"\x00",
        b"\t",
        b"\xff",
        "é".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{9b}".as_bytes(),
        "中".as_bytes(),
        b"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
    ];
    let mut headers_checked = 0;
    for round in 0..1000 {
        let mut text = Vec::new();
        for _ in 0..next(40) {
            text.extend_from_slice(pieces[next(pieces.len())]);
        }
        let index = LineIndex::new(&text);
        let findings: Vec<Finding> = (0..next(4))
            .map(|_| {
                let mut f = Finding::new(RuleId::InvalidLine, "Random");
                for _ in 0..=next(3) {
                    let start = next(text.len() + 3);
                    let end = start + if next(5) == 0 { next(2000) } else { next(40) };
                    f = f.with_label(Span::new(start, end), "label");
                }
                f
            })
            .collect();
        let opts = HumanOptions {
            color: false,
            unicode: next(2) == 0,
            width: next(140),
            context_lines: next(3),
            ..HumanOptions::default()
        };
        let out = render_to_string("r.sdp", &text, &index, &findings, &opts);
        assert!(
            out.chars().all(|c| c == '\n' || !c.is_control()),
            "round {round}: control character in\n{out}"
        );
        if !opts.unicode {
            assert!(out.is_ascii(), "round {round}:\n{out}");
        }
        let starts: Vec<String> = findings
            .iter()
            .flat_map(Finding::labels)
            .map(|l| {
                let (line, col) = index.position(&text, (l.span.start as usize).min(text.len()));
                format!("r.sdp:{line}:{col}")
            })
            .collect();
        for h in out.lines().filter_map(any_header) {
            assert!(
                starts.iter().any(|s| s == h),
                "round {round}: header {h} is no label start\n{out}"
            );
            headers_checked += 1;
        }
        // (Below 20 columns miette wraps even a one-word message.)
        if opts.width >= 20 {
            assert_eq!(out.matches(" Random\n").count(), findings.len(), "round {round}:\n{out}");
        }
    }
    assert!(headers_checked > 300, "only {headers_checked} headers checked");
}

/// The `name:line:col` of a snippet header in either theme.
fn any_header(line: &str) -> Option<&str> {
    let line = line.trim_start();
    line.strip_prefix("╭─[").or_else(|| line.strip_prefix(",-[")).and_then(|l| l.strip_suffix(']'))
}
