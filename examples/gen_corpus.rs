//! Writes the benches' generated corpus to standard output, so the CLI can
//! be timed on exactly what `cargo bench` measures the library on.
//!
//! ```text
//! cargo run --release --example gen_corpus -- log 200 > /tmp/big.log    # >= 200 MB log
//! cargo run --release --example gen_corpus -- chrome-offer > /tmp/offer.sdp
//! cargo run --release --example gen_corpus -- sip-answer 7 > /tmp/answer.sdp   # seed 7
//! ```
//!
//! Kinds: `chrome-offer`, `chrome-answer`, `firefox-offer`,
//! `firefox-answer`, `sip-offer`, `sip-answer` (optional seed), and
//! `log <MB>` (optional seed after the size). The generator itself is
//! `benches/corpus/mod.rs`.
#![expect(clippy::print_stderr, reason = "an example program reports on the terminal")]

#[path = "../benches/corpus/mod.rs"]
#[expect(dead_code, reason = "the benches use the rest of the generator")]
mod corpus;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use corpus::Side;

/// The seed the benches use.
const SEED: u64 = 1;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let sdp = match args.first().map(String::as_str) {
        Some("chrome-offer") => corpus::chrome(number(1, SEED), Side::Offer, 4),
        Some("chrome-answer") => corpus::chrome(number(1, SEED) + 1, Side::Answer, 4),
        Some("firefox-offer") => corpus::firefox(number(1, SEED), Side::Offer),
        Some("firefox-answer") => corpus::firefox(number(1, SEED) + 1, Side::Answer),
        Some("sip-offer") => corpus::sip(number(1, SEED), Side::Offer),
        Some("sip-answer") => corpus::sip(number(1, SEED) + 1, Side::Answer),
        Some("log") => {
            let mb = number(1, 200);
            return match corpus::write_log(&mut out, mb << 20, number(2, SEED))
                .and_then(|stats| out.flush().map(|()| stats))
            {
                Ok(stats) => {
                    eprintln!(
                        "{} bytes: {} SDPs ({} JSON-escaped, {} SIP bodies, {} prefixed blocks), {} noise lines, {} planted pair faults",
                        stats.bytes,
                        stats.sdps(),
                        stats.json_escaped,
                        stats.sip_bodies,
                        stats.prefixed,
                        stats.noise_lines,
                        stats.planted_pair_faults
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("gen_corpus: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {
            eprintln!(
                "usage: gen_corpus chrome-offer|chrome-answer|firefox-offer|firefox-answer|sip-offer|sip-answer [SEED]\n       gen_corpus log MB [SEED]"
            );
            return ExitCode::from(2);
        }
    };
    match out.write_all(sdp.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
