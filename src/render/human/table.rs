//! The negotiated result of an offer/answer pair as a table, shown after
//! the pair's findings.

use super::HumanOptions;
use crate::render::escape::{Charset, escape_line};

/// How many distinct codecs a row of the negotiation table lists.
const TABLE_CODECS: usize = 6;

/// The negotiated result of a pair as a compact table, one row per m= line.
///
/// ```text
///   #  kind   mid  result    codecs                       offer     answer    transport
///   0  audio  0    accepted  opus/48000/2, PCMU/8000      sendrecv  sendrecv  UDP/TLS/RTP/SAVPF
///   1  video  1    rejected  -                            sendrecv  inactive  UDP/TLS/RTP/SAVPF
/// ```
pub fn negotiation_table(
    negotiation: &crate::negotiate::Negotiation<'_>,
    opts: &HumanOptions,
) -> String {
    let charset = if opts.unicode { Charset::Unicode } else { Charset::Ascii };
    let rows: Vec<[String; 8]> = negotiation
        .media
        .iter()
        .map(|m| {
            // Distinct codecs in answer order (rtx/red repeat once per
            // codec they protect), cut to keep the table readable.
            let mut codecs: Vec<String> = Vec::new();
            for c in &m.codecs {
                let c = c.to_string();
                if !codecs.contains(&c) {
                    codecs.push(c);
                }
            }
            if codecs.len() > TABLE_CODECS {
                let more = codecs.len() - TABLE_CODECS;
                codecs.truncate(TABLE_CODECS);
                codecs.push(format!("+{more} more"));
            }
            [
                m.index.to_string(),
                escape_line(m.kind, charset).into_owned(),
                escape_line(m.mid.unwrap_or("-"), charset).into_owned(),
                if m.accepted { "accepted" } else { "rejected" }.to_owned(),
                if codecs.is_empty() {
                    "-".to_owned()
                } else {
                    escape_line(&codecs.join(", "), charset).into_owned()
                },
                m.offer_direction.as_str().to_owned(),
                m.answer_direction.as_str().to_owned(),
                escape_line(m.transport, charset).into_owned(),
            ]
        })
        .collect();
    let header =
        ["#", "kind", "mid", "result", "codecs", "offer", "answer", "transport"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        out.push(' ');
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            out.push(' ');
            out.push_str(cell);
            if i + 1 < row.len() {
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 1));
            }
        }
        out.push('\n');
    }
    out
}
