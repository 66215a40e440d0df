//! Writes a parsed description back to bytes.
//!
//! Each line is rebuilt from its typed fields (not copied from the input),
//! so the round trip `parse` → `write` reproduces a well-formed input byte
//! for byte only if the parser captured every token: the tests assert it on
//! every fixture. Lines the parser could not type are written as they were.

use crate::model::{LineKind, SessionDescription};
use crate::parse::attribute;

/// Appends the description's bytes to `out`.
pub fn write(sdp: &SessionDescription<'_>, out: &mut Vec<u8>) {
    if sdp.has_bom() {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    for line in sdp.lines() {
        write_line(&line.kind, out);
        out.extend_from_slice(line.ending.as_bytes());
    }
}

/// The description as a new byte vector.
pub fn to_bytes(sdp: &SessionDescription<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(sdp.source().len());
    write(sdp, &mut out);
    out
}

fn push(out: &mut Vec<u8>, parts: &[&str]) {
    for part in parts {
        out.extend_from_slice(part.as_bytes());
    }
}

fn write_line(kind: &LineKind<'_>, out: &mut Vec<u8>) {
    if let Some(letter) = kind.letter() {
        out.push(letter);
        out.push(b'=');
    }
    match kind {
        LineKind::Version(v) => push(out, &[v.version.raw]),
        LineKind::Origin(o) => {
            push(
                out,
                &[
                    o.username,
                    " ",
                    o.sess_id,
                    " ",
                    o.sess_version,
                    " ",
                    o.nettype,
                    " ",
                    o.addrtype,
                    " ",
                    o.address,
                ],
            );
        }
        LineKind::SessionName(t) | LineKind::Information(t) => out.extend_from_slice(t.0),
        LineKind::Uri(s) | LineKind::Email(s) | LineKind::Phone(s) => push(out, &[s]),
        LineKind::Connection(c) => {
            push(out, &[c.nettype, " ", c.addrtype, " ", c.address]);
            if let Some(ttl) = c.ttl {
                push(out, &["/", ttl.raw]);
            }
            if let Some(count) = c.count {
                push(out, &["/", count.raw]);
            }
        }
        LineKind::Bandwidth(b) => push(out, &[b.bwtype, ":", b.bandwidth.raw]),
        LineKind::Timing(t) => push(out, &[t.start.raw, " ", t.stop.raw]),
        LineKind::Repeat(r) => {
            for (i, time) in r.times().enumerate() {
                push(out, &[if i == 0 { "" } else { " " }, time]);
            }
        }
        LineKind::ZoneAdjustments(z) => {
            for (i, (time, offset)) in z.pairs().enumerate() {
                push(out, &[if i == 0 { "" } else { " " }, time, " ", offset]);
            }
        }
        LineKind::Key(k) => {
            push(out, &[k.method]);
            if let Some(key) = k.key {
                push(out, &[":", key]);
            }
        }
        LineKind::Attribute(a) => attribute::write_value(a, out),
        LineKind::Media(m) => {
            push(out, &[m.media, " ", m.port.raw]);
            if let Some(count) = m.port_count {
                push(out, &["/", count.raw]);
            }
            push(out, &[" ", m.proto]);
            for fmt in m.formats() {
                push(out, &[" ", fmt]);
            }
        }
        LineKind::Malformed { value, .. } | LineKind::Unknown { value, .. } => {
            out.extend_from_slice(value);
        }
        LineKind::Invalid { raw, .. } => out.extend_from_slice(raw),
        LineKind::Blank => {}
    }
}
