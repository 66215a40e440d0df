//! Any bytes through the capture reader (`sdpcheck::capture`): no panic and
//! no hang; every message's file runs lie inside the input and, for UDP and
//! TCP, hold exactly the message's bytes; reading the input in small chunks
//! (the refill path, a pipe) gives the same events as reading it whole;
//! notices print no control character.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use sdpcheck::capture::{CaptureLimits, CaptureReader, Event, Transport};

/// Small caps so that the limit paths run on small inputs.
const LIMITS: CaptureLimits = CaptureLimits {
    max_message: 4096,
    max_stream_buffer: 8192,
    max_total_stream_buffer: 16_384,
    max_streams: 8,
    max_fragmented_datagrams: 4,
    max_fragment_bytes: 8192,
    max_record: 65_536,
    max_notices_per_kind: 4,
};

/// Hands out the input a few bytes at a time.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.step = self.step % 7 + 1;
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn events(reader: impl Read) -> Option<Vec<Event>> {
    CaptureReader::with_limits(reader, LIMITS).ok().map(Iterator::collect)
}

fuzz_target!(|data: &[u8]| {
    let whole = events(data);
    let trickled = events(Trickle { data, step: 0 });
    assert_eq!(whole, trickled, "chunked reads change the result");
    for event in whole.unwrap_or_default() {
        match event {
            Event::Message(m) => {
                assert!(m.frame >= 1 && m.first_frame >= 1 && m.first_frame <= m.frame);
                assert!(m.body_offset <= m.bytes.len());
                assert!(m.bytes.len() <= LIMITS.max_message);
                let mut at = 0;
                for p in &m.pieces {
                    assert_eq!(p.at, at);
                    at += p.len;
                    let start = usize::try_from(p.file_offset).unwrap();
                    let run = &data[start..start + p.len];
                    if m.transport != Transport::Ws {
                        assert_eq!(run, &m.bytes[p.at..p.at + p.len]);
                    }
                }
                assert!(at <= m.bytes.len());
            }
            Event::Notice(n) => {
                assert!(!n.to_string().chars().any(char::is_control), "{n}");
            }
        }
    }
});
