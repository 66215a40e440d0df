//! What the render layer's unit tests share.

/// A small deterministic generator, so the property tests need no crate.
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    /// Bytes mixing ASCII, line endings, multi-byte UTF-8 and junk.
    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        let pieces: [&[u8]; 10] = [
            b"a",
            b"=",
            b"\r\n",
            b"\n",
            b"\r",
            "é".as_bytes(),
            "€".as_bytes(),
            "😀".as_bytes(),
            b"\xff",
            b"\x80",
        ];
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            let piece = pieces[self.below(pieces.len())];
            // Long runs now and then, so that some lines exceed the column checkpoints' stride.
            let times = if self.below(50) == 0 { 3000 } else { 1 };
            for _ in 0..times {
                out.extend_from_slice(piece);
            }
        }
        out
    }
}
