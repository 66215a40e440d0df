//! Line order and section structure (RFC 8866 §5, §9).
//!
//! Runs once over the typed lines: finds the media sections, and reports
//! lines out of order, duplicated single-instance lines, and the required
//! `v=`/`o=`/`s=`/`t=` lines that are missing. The recovery unit is a line:
//! an out-of-order line is reported and then kept where it stands.

use crate::finding::FindingSink;
use crate::model::{Line, SectionRange};
use crate::parse::diagnostics::{duplicate_line, line_out_of_order, missing_required_line};

/// Session-level order, RFC 8866 §5: `v o s i u e p c b (t r*)+ z k a`.
fn session_rank(letter: u8) -> Option<u8> {
    Some(match letter {
        b'v' => 0,
        b'o' => 1,
        b's' => 2,
        b'i' => 3,
        b'u' => 4,
        b'e' => 5,
        b'p' => 6,
        b'c' => 7,
        b'b' => 8,
        b't' | b'r' => 9,
        b'z' => 10,
        b'k' => 11,
        b'a' => 12,
        _ => return None,
    })
}

/// Media-level order, RFC 8866 §5: `m i c* b* k a*`.
fn media_rank(letter: u8) -> Option<u8> {
    Some(match letter {
        b'i' => 1,
        b'c' => 2,
        b'b' => 3,
        b'k' => 4,
        b'a' => 5,
        _ => return None,
    })
}

/// Lines that may appear at most once at the session level.
fn session_single(letter: u8) -> bool {
    matches!(letter, b'v' | b'o' | b's' | b'i' | b'u' | b'c' | b'z' | b'k')
}

/// Lines that may appear at most once in a media section.
fn media_single(letter: u8) -> bool {
    matches!(letter, b'i' | b'k')
}

/// The canonical order, for help lines.
const SESSION_ORDER: &str = "v o s i u e p c b t r z k a, then the m= sections";

/// Finds the sections and reports order problems.
pub(crate) fn check(lines: &[Line<'_>], sink: &mut FindingSink) -> Vec<SectionRange> {
    let mut sections: Vec<SectionRange> = Vec::new();
    // Index of the first line of each letter seen at the current level.
    let mut first_at_level = [None::<usize>; 26];
    let mut first_anywhere = [None::<usize>; 26];
    let mut rank = 0u8;
    let mut in_media = false;
    let mut prev_letter: Option<u8> = None;
    let mut first_content_seen = false;

    for (index, line) in lines.iter().enumerate() {
        let Some(letter) = line.kind.structural_letter() else { continue };
        let slot = usize::from(letter.wrapping_sub(b'a'));
        if slot >= 26 {
            continue;
        }
        if first_anywhere[slot].is_none() {
            first_anywhere[slot] = Some(index);
        }
        let is_first_content = !first_content_seen;
        first_content_seen = true;

        if letter == b'm' {
            if let Some(last) = sections.last_mut() {
                last.end = index_u32(index);
            }
            sections.push(SectionRange { start: index_u32(index), end: index_u32(lines.len()) });
            in_media = true;
            rank = 0;
            first_at_level = [None; 26];
            prev_letter = Some(letter);
            continue;
        }

        if in_media {
            match media_rank(letter) {
                None => {
                    if session_rank(letter).is_some() {
                        let m_line = sections.last().and_then(|s| lines.get(s.start as usize));
                        sink.push(line_out_of_order::session_line_in_media(line, letter, m_line));
                    }
                }
                Some(r) => {
                    if let Some(first) = first_at_level[slot].filter(|_| media_single(letter)) {
                        sink.push(duplicate_line::duplicate_line(
                            line,
                            &lines[first],
                            letter,
                            true,
                        ));
                    } else if r < rank {
                        let later = lines[..index]
                            .iter()
                            .rev()
                            .take_while(|l| l.kind.structural_letter() != Some(b'm'))
                            .filter(|l| {
                                l.kind
                                    .structural_letter()
                                    .and_then(media_rank)
                                    .is_some_and(|lr| lr > r)
                            })
                            .last();
                        let finding = line_out_of_order::out_of_order(line, letter, later, true);
                        // Both browsers take `i=`, `c=` and `b=` after a
                        // section's `a=` lines (probes `order-*`).
                        let lenient = matches!(letter, b'i' | b'c' | b'b')
                            && later.and_then(|l| l.kind.structural_letter()) == Some(b'a');
                        sink.push(if lenient { finding.with_stacks(&[]) } else { finding });
                    } else {
                        rank = r;
                    }
                }
            }
        } else if let Some(r) = session_rank(letter) {
            if is_first_content && letter != b'v' {
                // v= must open the description; if it is elsewhere, that
                // line is reported below, otherwise it is missing.
                if !lines.iter().any(|l| l.kind.structural_letter() == Some(b'v')) {
                    sink.push(missing_required_line::missing(b'v', Some(line)));
                }
            }
            if letter == b'v' && !is_first_content {
                sink.push(line_out_of_order::version_not_first(line, lines.first()));
            } else if let Some(first) = first_at_level[slot].filter(|_| session_single(letter)) {
                sink.push(duplicate_line::duplicate_line(line, &lines[first], letter, false));
            } else if letter == b'r' && !matches!(prev_letter, Some(b't' | b'r')) {
                sink.push(line_out_of_order::repeat_without_timing(line));
            } else if r < rank {
                let later = lines[..index]
                    .iter()
                    .filter(|l| {
                        l.kind.structural_letter().and_then(session_rank).is_some_and(|lr| lr > r)
                    })
                    .find(|_| true);
                sink.push(line_out_of_order::out_of_order(line, letter, later, false));
            } else {
                rank = r;
            }
        }
        if first_at_level[slot].is_none() {
            first_at_level[slot] = Some(index);
        }
        prev_letter = Some(letter);
    }

    if first_content_seen {
        for required in [b'o', b's', b't'] {
            let slot = usize::from(required - b'a');
            if first_anywhere[slot].is_none() {
                let required_rank = session_rank(required).unwrap_or(0);
                // Anchor on the first line that should have come after it.
                let anchor = lines
                    .iter()
                    .find(|l| {
                        l.kind.structural_letter().is_some_and(|x| {
                            x == b'm' || session_rank(x).is_some_and(|r| r > required_rank)
                        })
                    })
                    .or_else(|| lines.iter().rev().find(|l| l.kind.structural_letter().is_some()));
                sink.push(missing_required_line::missing(required, anchor));
            }
        }
    } else {
        sink.push(missing_required_line::empty_description(lines.first()));
    }
    sections
}

/// The help text naming the session-level order.
pub(crate) fn session_order() -> &'static str {
    SESSION_ORDER
}

/// Line indexes fit in u32: the line limit is far below `u32::MAX`.
fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}
