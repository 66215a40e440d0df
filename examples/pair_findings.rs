//! Counts the pair findings, by rule, on a log: the pairs sdpcheck makes
//! (within each session), or with `--nearest` the pairs made by pairing
//! each answer with the latest offer whatever its session (SIP calls still
//! by Call-ID: the rule before issue 16), to show what session keys change.
//!
//! ```text
//! cargo run --release --example gen_corpus -- log 200 > /tmp/big.log
//! cargo run --release --example pair_findings -- /tmp/big.log
//! cargo run --release --example pair_findings -- /tmp/big.log --nearest
//! ```
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "an example program reports")]

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

use sdpcheck::Limits;
use sdpcheck::extract::{Extractor, Origin, Pairer, Role};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: pair_findings LOG [--nearest]");
        return ExitCode::FAILURE;
    };
    let nearest = args.iter().any(|a| a == "--nearest");
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("pair_findings: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut pairer = Pairer::new();
    let mut latest: HashMap<Option<String>, usize> = HashMap::new();
    // Offers kept by index until the next offer of their key replaces them.
    let mut offers: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
    let mut by_rule: BTreeMap<String, u64> = BTreeMap::new();
    let (mut pairs, mut faulty, mut crossing) = (0u64, 0u64, 0u64);
    let mut sessions: BTreeMap<usize, Option<String>> = BTreeMap::new();
    let extractor = Extractor::new(BufReader::with_capacity(1 << 20, file), &Limits::default());
    for (i, sdp) in extractor.flatten().enumerate() {
        let key = if nearest && !matches!(sdp.origin, Origin::Sip { .. }) {
            None
        } else {
            sdp.session.as_deref()
        };
        let offer = if nearest {
            // The rule before issue 16: the latest offer of the key, always.
            match sdp.role {
                Some(Role::Offer) => {
                    latest.insert(key.map(str::to_owned), i);
                    None
                }
                Some(Role::Answer) => latest.get(&key.map(str::to_owned)).copied(),
                None => None,
            }
        } else {
            pairer.push_keyed(i, sdp.role, key, sdp.session_id())
        };
        if sdp.role == Some(Role::Offer) {
            offers.insert(i, sdp.text.to_vec());
            sessions.insert(i, sdp.session.clone());
            // Bounded: the generated log keeps a few sessions open at once.
            while offers.len() > 4096 {
                offers.pop_first();
                sessions.pop_first();
            }
        }
        let Some(o) = offer else { continue };
        let Some(offer_text) = offers.get(&o) else { continue };
        pairs += 1;
        crossing += u64::from(sessions.get(&o) != Some(&sdp.session));
        let report = sdpcheck::check_pair(offer_text, &sdp.text);
        let findings = report.findings();
        faulty += u64::from(!findings.is_empty());
        for f in findings {
            *by_rule.entry(f.rule().to_string()).or_default() += 1;
        }
    }
    println!("pairs: {pairs}, crossing sessions: {crossing}, with findings: {faulty}");
    for (rule, n) in by_rule {
        println!("  {rule}: {n}");
    }
    ExitCode::SUCCESS
}
