//! [`Window`]: a bounded sliding view of a streamed input.
//!
//! The extractor addresses the input by absolute offset (`u64`), so a log of
//! any size can be scanned while only a window of it is in memory. Callers
//! say how far back they still need bytes (`keep`) and how far ahead they
//! want them (`want`); the window drops what lies before `keep` when it
//! reads the next chunk. Every byte dropped is first counted by the
//! [`LineCounter`], so line and column stay exact without keeping the text.

use std::io::{self, Read};

use crate::source::{char_count, count_bytes};

/// Bytes read from the input at a time, once the input proves large.
pub(crate) const CHUNK: usize = 256 << 10;
/// The first read's size: a small input (one SDP) is not zero-filled a
/// whole chunk at a time; reads double up to [`CHUNK`].
const FIRST_READ: usize = 16 << 10;

/// Counts lines and columns over bytes as they leave the window.
#[derive(Debug, Default)]
struct LineCounter {
    /// Absolute offset up to which bytes are counted.
    upto: u64,
    /// Newlines before `upto`.
    newlines: u64,
    /// Characters between the last newline and `upto`.
    col: u64,
}

impl LineCounter {
    /// Counts `bytes`, which start at `self.upto`.
    fn advance(&mut self, bytes: &[u8]) {
        let newlines = count_newlines(bytes) as u64;
        if newlines == 0 {
            self.col += char_count(bytes) as u64;
        } else {
            self.newlines += newlines;
            let tail = memchr::memrchr(b'\n', bytes)
                .map_or(bytes, |i| bytes.get(i + 1..).unwrap_or_default());
            self.col = char_count(tail) as u64;
        }
        self.upto += bytes.len() as u64;
    }
}

/// Counts `\n` bytes: this pass touches every input byte, so it uses the
/// vectorizing block counter.
fn count_newlines(bytes: &[u8]) -> usize {
    count_bytes(bytes, |b| b == b'\n')
}

/// A sliding window over a reader, addressed by absolute input offset.
#[derive(Debug)]
pub(crate) struct Window<R> {
    reader: R,
    /// Storage; `buf[..filled]` is the loaded input. The rest stays
    /// initialised between reads, so a read never zero-fills it again.
    buf: Vec<u8>,
    filled: usize,
    /// Absolute offset of `buf[0]`.
    base: u64,
    eof: bool,
    error: Option<io::Error>,
    lines: LineCounter,
    /// Largest capacity the buffer ever had.
    peak: usize,
    /// Size of the next read.
    read_size: usize,
}

impl<R: Read> Window<R> {
    /// A window over `reader`. Storage grows with the reads it needs (a
    /// small input costs a small buffer) up to about two chunks plus the
    /// callers' look-around.
    pub(crate) fn new(reader: R) -> Self {
        Window {
            reader,
            buf: Vec::new(),
            filled: 0,
            base: 0,
            eof: false,
            error: None,
            lines: LineCounter::default(),
            peak: 0,
            read_size: FIRST_READ,
        }
    }

    /// Absolute offset one past the last loaded byte.
    pub(crate) fn end(&self) -> u64 {
        self.base + self.filled as u64
    }

    /// True once the reader is exhausted (or failed): no byte will follow
    /// [`Window::end`].
    pub(crate) fn at_eof(&self) -> bool {
        self.eof
    }

    /// Takes the read error, if reading stopped on one.
    pub(crate) fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }

    /// The loaded bytes.
    fn data(&self) -> &[u8] {
        self.buf.get(..self.filled).unwrap_or_default()
    }

    /// The loaded bytes in `from..to` (clipped to the window).
    pub(crate) fn slice(&self, from: u64, to: u64) -> &[u8] {
        let start = from.saturating_sub(self.base);
        let end = to.saturating_sub(self.base);
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            return &[];
        };
        let end = end.min(self.filled);
        self.data().get(start.min(end)..end).unwrap_or_default()
    }

    /// The loaded bytes from `from` to the end of the window.
    pub(crate) fn rest(&self, from: u64) -> &[u8] {
        self.slice(from, self.end())
    }

    /// The byte at `at`, if loaded.
    pub(crate) fn byte(&self, at: u64) -> Option<u8> {
        let i = usize::try_from(at.checked_sub(self.base)?).ok()?;
        self.data().get(i).copied()
    }

    /// First loaded offset.
    pub(crate) fn start(&self) -> u64 {
        self.base
    }

    /// Reads until the window reaches `want` or the input ends, keeping
    /// every byte from `keep` on.
    pub(crate) fn ensure(&mut self, keep: u64, want: u64) {
        while self.end() < want && self.fill(keep) {}
    }

    /// Like [`Window::ensure`], but stops reading as soon as the bytes from
    /// `from` hold `stop` (a line's end, a blank line): on a live input (a
    /// pipe fed by `tail -f`) what is needed is then decided without waiting
    /// for `want - from` more bytes that may come much later.
    pub(crate) fn ensure_until(&mut self, keep: u64, from: u64, want: u64, stop: &[u8]) {
        let mut searched = from;
        while self.end() < want {
            let seen = self.slice(searched, self.end());
            if memchr::memmem::find(seen, stop).is_some() {
                return;
            }
            // A stop split across reads is found from its first byte.
            searched = self.end().saturating_sub(stop.len() as u64 - 1).max(from);
            if !self.fill(keep) {
                return;
            }
        }
    }

    /// Reads more input, first dropping bytes before `keep` when that frees
    /// a worthwhile amount. Returns false when nothing more can come.
    pub(crate) fn fill(&mut self, keep: u64) -> bool {
        if self.eof {
            return false;
        }
        let keep = keep.clamp(self.base, self.end());
        let drop = usize::try_from(keep - self.base).unwrap_or(0).min(self.filled);
        // Compact only when it frees a chunk or the storage is full, so the
        // memmove of the kept tail is paid once per chunk, not per call.
        if drop > 0 && (drop >= CHUNK || self.filled + self.read_size > self.buf.len()) {
            self.count_to(keep);
            self.buf.copy_within(drop..self.filled, 0);
            self.filled -= drop;
            self.base += drop as u64;
        }
        let want = self.filled + self.read_size;
        if want > self.buf.len() {
            // Exact growth: the storage is the memory bound, no doubling.
            self.buf.reserve_exact(want - self.buf.len());
            self.buf.resize(want, 0);
            self.peak = self.peak.max(self.buf.capacity());
        }
        loop {
            let room = self.buf.get_mut(self.filled..want).unwrap_or_default();
            match self.reader.read(room) {
                Ok(n) => {
                    // A reader may not claim more than it was given.
                    self.filled += n.min(want - self.filled);
                    if n == 0 {
                        self.eof = true;
                    } else if n == self.read_size {
                        // The reader keeps up: read more at a time.
                        self.read_size = (self.read_size * 2).min(CHUNK);
                    }
                    return n > 0;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// Counts lines up to `at` (which must be loaded or already counted).
    fn count_to(&mut self, at: u64) {
        if self.lines.upto < self.base {
            // Cannot happen (bytes are counted before they are dropped);
            // resynchronise rather than count bytes that are gone.
            self.lines.upto = self.base;
        }
        if at > self.lines.upto {
            let from = self.lines.upto;
            let start = usize::try_from(from - self.base).unwrap_or(usize::MAX);
            let end = usize::try_from(at - self.base).unwrap_or(usize::MAX).min(self.filled);
            let data = self.buf.get(..self.filled).unwrap_or_default();
            if let Some(bytes) = data.get(start..end) {
                self.lines.advance(bytes);
            }
        }
    }

    /// 1-based line and column (in characters) of the absolute offset `at`.
    ///
    /// Positions must be asked in increasing order: the counter only moves
    /// forward. An earlier offset gets the position of the counter.
    pub(crate) fn position(&mut self, at: u64) -> (u64, u64) {
        self.count_to(at);
        (self.lines.newlines + 1, self.lines.col + 1)
    }

    /// Heap bytes held now.
    pub(crate) fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Largest buffer capacity so far.
    pub(crate) fn peak(&self) -> usize {
        self.peak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_survive_compaction() {
        let mut text = Vec::new();
        for i in 0..200_000u32 {
            text.extend_from_slice(format!("line {i}\n").as_bytes());
        }
        text.extend_from_slice("é-x".as_bytes());
        let target = text.len() as u64 - 1;
        let mut w = Window::new(&text[..]);
        w.ensure(0, 10);
        let mut at = 0;
        while w.fill(at) {
            at = w.end().saturating_sub(16);
        }
        assert_eq!(w.byte(target), Some(b'x'));
        assert_eq!(w.position(target), (200_001, 3));
        assert!(w.start() > 0, "the window must have slid");
    }
}
