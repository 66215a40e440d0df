//! WebSocket frame headers (RFC 6455 5.2).

/// A parsed frame header.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FrameHeader {
    pub(crate) fin: bool,
    /// RSV1: set by permessage-deflate (RFC 7692 6) on a compressed message.
    pub(crate) compressed: bool,
    pub(crate) opcode: u8,
    pub(crate) mask: Option<[u8; 4]>,
    /// Header length in bytes (2 to 14).
    pub(crate) len: usize,
    pub(crate) payload_len: u64,
}

pub(crate) const OP_CONTINUATION: u8 = 0;
pub(crate) const OP_TEXT: u8 = 1;
pub(crate) const OP_BINARY: u8 = 2;
pub(crate) const OP_CLOSE: u8 = 8;

/// The header at the start of `bytes`; `None` until enough bytes are there.
pub(crate) fn frame_header(bytes: &[u8]) -> Option<FrameHeader> {
    let (&b0, &b1) = (bytes.first()?, bytes.get(1)?);
    let mut len = 2;
    let payload_len = match b1 & 0x7f {
        126 => {
            let b = bytes.get(2..4)?;
            len += 2;
            u64::from(u16::from_be_bytes([b[0], b[1]]))
        }
        127 => {
            let b: [u8; 8] = bytes.get(2..10)?.try_into().ok()?;
            len += 8;
            u64::from_be_bytes(b)
        }
        n => u64::from(n),
    };
    let mask = if b1 & 0x80 == 0 {
        None
    } else {
        let key: [u8; 4] = bytes.get(len..len + 4)?.try_into().ok()?;
        len += 4;
        Some(key)
    };
    Some(FrameHeader {
        fin: b0 & 0x80 != 0,
        compressed: b0 & 0x40 != 0,
        opcode: b0 & 0x0f,
        mask,
        len,
        payload_len,
    })
}

/// Appends `payload` to `out`, unmasked (RFC 6455 5.3: byte i is
/// exclusive-or'ed with key byte i mod 4).
pub(crate) fn unmask_into(out: &mut Vec<u8>, payload: &[u8], mask: Option<[u8; 4]>) {
    match mask {
        None => out.extend_from_slice(payload),
        Some(key) => out.extend(payload.iter().zip(key.iter().cycle()).map(|(b, k)| b ^ k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        // RFC 6455 5.7: a single-frame masked text message "Hello".
        let frame = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
        let h = frame_header(&frame).unwrap();
        assert_eq!((h.fin, h.opcode, h.len, h.payload_len), (true, OP_TEXT, 6, 5));
        let mut out = Vec::new();
        unmask_into(&mut out, &frame[6..], h.mask);
        assert_eq!(out, b"Hello");
        // 256 bytes in a 16-bit length; a 64-bit length cut short.
        let h = frame_header(&[0x82, 0x7e, 0x01, 0x00]).unwrap();
        assert_eq!((h.len, h.payload_len), (4, 256));
        assert_eq!(frame_header(&[0x82, 0x7f, 0, 0]), None);
    }
}
