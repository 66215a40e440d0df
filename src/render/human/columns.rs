//! True columns, without rescanning long lines: many findings on one
//! 1 MiB line cost one scan of it, not one each.

use super::Input;
use crate::render::escape::char_count;

/// Spacing, in bytes, of the character-count checkpoints kept for long lines
/// (see [`Columns`]).
const STRIDE: usize = 4096;

/// How many long lines [`Columns`] keeps checkpoints for.
const CACHED_LINES: usize = 4;

/// Computes 1-based columns exactly as
/// [`LineIndex::position`](crate::source::LineIndex::position) does, but
/// keeps character-count checkpoints every [`STRIDE`] bytes of the few long
/// lines last asked about, so that many findings on one 1 MiB line cost one
/// scan of it, not one scan each.
#[derive(Debug, Default)]
pub(super) struct Columns {
    /// `(line start, checkpoints)`: `checkpoints[k]` is the number of
    /// characters in the first `k * STRIDE` bytes of the line.
    lines: Vec<(usize, Vec<usize>)>,
}

impl Columns {
    /// 1-based column of `offset` in `input`, counted in characters.
    pub(super) fn column(&mut self, input: &Input<'_>, offset: usize) -> usize {
        let line = input.index.line_of(offset.min(input.text.len()));
        input.index.column_base(line) + self.column_in_text(input, offset)
    }

    /// [`Columns::column`] counted from the start of the text's line.
    fn column_in_text(&mut self, input: &Input<'_>, offset: usize) -> usize {
        let text = input.text;
        let offset = offset.min(text.len());
        let start = input.index.line_start(input.index.line_of(offset)).min(offset);
        if offset - start <= STRIDE {
            return char_count(text.get(start..offset).unwrap_or_default()) + 1;
        }
        let slot = if let Some(slot) = self.lines.iter().position(|l| l.0 == start) {
            slot
        } else {
            if self.lines.len() >= CACHED_LINES {
                self.lines.remove(0);
            }
            self.lines.push((start, vec![0]));
            self.lines.len() - 1
        };
        let Some((_, checkpoints)) = self.lines.get_mut(slot) else { return 1 };
        let k = (offset - start) / STRIDE;
        // Extend the checkpoints lazily, only as far as asked.
        while checkpoints.len() <= k {
            let i = checkpoints.len();
            let from = start + (i - 1) * STRIDE;
            let chunk = text.get(from..from + STRIDE).unwrap_or_default();
            let before = checkpoints.last().copied().unwrap_or(0);
            checkpoints.push(before + char_count(chunk));
        }
        let base = checkpoints.get(k).copied().unwrap_or(0);
        let from = start + k * STRIDE;
        base + char_count(text.get(from..offset).unwrap_or_default()) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::human::tests::input;
    use crate::render::testing::XorShift;
    use crate::source::LineIndex;

    #[test]
    fn columns_agree_with_line_index_in_any_order() {
        let mut rng = XorShift(0x5DEE_CE66);
        for _ in 0..20 {
            let text = rng.bytes(40_000);
            let index = LineIndex::new(&text);
            let input = input(&text, &index);
            let mut columns = Columns::default();
            for _ in 0..300 {
                let offset = rng.below(text.len() + 10);
                assert_eq!(
                    columns.column(&input, offset),
                    index.position(&text, offset).1,
                    "offset {offset}"
                );
            }
        }
    }
}
