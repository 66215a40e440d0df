//! The check itself, streamed: each input is read once through a bounded
//! window, every SDP in it is checked and reported as soon as it is found,
//! and an answer is checked against its offer as soon as it comes by.
//!
//! So a log of any size runs in bounded memory (issue 5; CONTRACT.md lets
//! a log hold any number of SDPs). What is held at any time: the
//! extractor's window, a [`Ring`] of the input's latest bytes (for the
//! snippets of human output and the exact positions of every format), the
//! offers that may still be answered (a byte budget, oldest dropped first),
//! and, for `--format json`, the `pairs` and `diagnostics` arrays, which
//! the renderer spills to a temporary file past a few MiB.
//!
//! Output: every format is a [`Renderer`] from `sdpcheck::render`, pushed
//! one description at a time (an answer with its pair and offer), in input
//! order; this module names a format only to draw the progress line
//! for human output. The bytes are those of one
//! `sdpcheck::render::render` over the whole run (`tests/it/stream.rs`).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use sdpcheck::extract::{self, ExtractedSdp, Extractor, Pairer, Role};
use sdpcheck::render::{Entry, Format, PairEntry, RenderOptions, Renderer, human};
use sdpcheck::source::LineIndex;
use sdpcheck::{Finding, Options, PairReport, Report, Selection, Selector, Severity};

use super::args::{Args, ColorChoice};
use super::{ExitStatus, Settings, use_color, warn};

/// Input bytes kept behind the read position for snippets and positions:
/// an SDP is at most 1 MiB (escaped, a few times that), and the extractor
/// reads at most a few hundred KiB past the end of the SDP it yields.
const RING_BYTES: usize = 8 << 20;
/// The ring's bound when `--max-sdp-bytes` is raised: past it, an SDP whose
/// input form left the ring is shown from its own text.
const MAX_RING_BYTES: usize = 1 << 30;
/// How far a snippet reaches beyond its SDP to find line starts and
/// context lines.
const REACH: usize = 64 << 10;
/// The reach of a tiny SDP's snippet (see [`Ring::piece`]). Equal to
/// [`REACH`] for now: a shorter reach cut the context lines of a short SDP
/// next to long log lines, so the streamed human output differed from the
/// batch renderer's (tests/it/stream.rs). Bounding the reach by the SDP's
/// span without losing context lines needs a line index over the ring
/// (issue 15, open).
const MIN_REACH: usize = REACH;
/// Bytes of offers kept for answers still to come; past it the oldest
/// offer is dropped (an answer to it is then checked on its own only).
const KEPT_OFFER_BYTES: usize = 16 << 20;
/// A scan runs this long before the progress line appears.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

/// Runs the check of every input and writes the report.
pub(crate) fn check(args: &Args, settings: &Settings) -> Result<ExitStatus> {
    let limits = settings.base.limits.clone();
    let pair_mode = args.offer.is_some() && args.answer.is_some();
    let paths: Vec<&Path> = match (&args.offer, &args.answer) {
        (Some(offer), Some(answer)) => vec![offer.as_path(), answer.as_path()],
        _ if args.inputs.is_empty() => vec![Path::new("-")],
        _ => args.inputs.iter().map(std::path::PathBuf::as_path).collect(),
    };
    let out: Box<dyn Write> = match &args.output_file {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    // A file gets no colour, whatever the terminal.
    let color = if args.output_file.is_some() { ColorChoice::Never } else { args.color };
    let human = human::HumanOptions { color: use_color(color), ..human::HumanOptions::default() };
    let progress = args.format == Format::Human && io::stderr().is_terminal();
    // Findings written to the same terminal first erase the progress line.
    let progress_shares_terminal =
        progress && args.output_file.is_none() && io::stdout().is_terminal();
    let shared_progress = Rc::new(RefCell::new(None));
    let out: Box<dyn Write> = if progress_shares_terminal {
        Box::new(AroundProgress { out, progress: Rc::clone(&shared_progress) })
    } else {
        out
    };
    let raw_names = paths
        .iter()
        .filter(|p| p.to_str().is_none())
        .map(|p| (shown_name(p), p.as_os_str().as_encoded_bytes().to_vec()))
        .collect();
    let options = RenderOptions { human: human.clone(), raw_names };
    let shared = Shared(Rc::new(RefCell::new(out)));
    let mut sink = args.format.renderer(shared.clone(), &options);
    let streams = sink.streams();

    let mut run =
        Run { sink: &mut sink, live: None, number: 0, failed: false, failing: false, settings };
    let mut said_waiting = false;
    let mut pair_offer: Option<Kept> = None;
    for (input_index, path) in paths.iter().enumerate() {
        let name =
            if *path == Path::new("-") { args.stdin_filename.clone() } else { shown_name(path) };
        let (reader, live): (Box<dyn Read>, bool) = if *path == Path::new("-") {
            (Box::new(io::stdin().lock()), stdin_is_live())
        } else {
            match File::open(path) {
                Ok(file) => {
                    let live = file.metadata().is_ok_and(|m| !m.is_file());
                    (Box::new(file), live)
                }
                Err(err) => {
                    run.failed = true;
                    warn(&format!("cannot read {}: {err}", shown_name(path)))?;
                    continue;
                }
            }
        };
        // A pipe or a terminal (`tail -f log | sdpcheck`): each SDP's
        // findings are flushed as soon as they are written, when the format
        // writes complete lines per SDP; a document format says once that it
        // waits for the end.
        run.live = (live && streams).then(|| shared.clone());
        if live && !streams && !said_waiting && io::stderr().is_terminal() {
            said_waiting = true;
            note(&format!(
                "reading {name} as it comes: --format {} is one document, written at the end of \
                 input (json-lines and concise report each SDP as it completes)",
                format_name(args.format)
            ))?;
        }
        let ring_bytes = limits.max_sdp_bytes.saturating_mul(8).clamp(RING_BYTES, MAX_RING_BYTES);
        let ring = Rc::new(RefCell::new(Ring::new(ring_bytes)));
        let found = Rc::new(Cell::new(0usize));
        let shown =
            progress.then(|| Rc::new(RefCell::new(Progress::new(&name, Rc::clone(&found)))));
        if progress_shares_terminal {
            shared_progress.borrow_mut().clone_from(&shown);
        }
        // `--offer/--answer` name one SDP each: read no more than one SDP
        // may be (plus the byte that crosses the limit), so `/dev/zero`
        // ends.
        let capped = Rc::new(Cell::new(false));
        let reader: Box<dyn Read> = if pair_mode {
            let cap = u64::try_from(limits.max_sdp_bytes).unwrap_or(u64::MAX).saturating_add(1);
            Box::new(Capped { inner: reader, left: cap, hit: Rc::clone(&capped) })
        } else {
            reader
        };
        let recorder = Recorder { inner: reader, ring: Rc::clone(&ring), progress: shown };
        let mut input = InputScan::new(&name, path, ring);
        let mut unreadable = false;
        for item in Extractor::new(recorder, &limits) {
            let mut sdp = match item {
                Ok(sdp) => sdp,
                Err(err) => {
                    run.failed = true;
                    unreadable = true;
                    warn(&format!("reading {name}: {err}"))?;
                    break;
                }
            };
            found.set(found.get() + 1);
            // `--role`: the role of an SDP whose input does not state one.
            if sdp.role.is_none() {
                sdp.role = settings.base.role.into();
            }
            if pair_mode {
                // `--offer/--answer`: the first SDP of each file, in its role.
                if input_index == 0 {
                    sdp.role = Some(Role::Offer);
                    pair_offer = Some(input.keep(sdp, run.number, human.context_lines));
                    run.report(&input, pair_offer.as_ref(), None)?;
                } else {
                    sdp.role = Some(Role::Answer);
                    let answer = input.keep(sdp, run.number, human.context_lines);
                    run.report(&input, Some(&answer), pair_offer.as_ref())?;
                }
                break;
            }
            input.next(&mut run, sdp, human.context_lines)?;
        }
        if found.get() == 0 && !unreadable && capped.get() {
            run.failed = true;
            warn(&format!(
                "no SDP found in the first {} bytes of {name} (--offer and --answer read one SDP, at most max-sdp-bytes)",
                limits.max_sdp_bytes.saturating_add(1)
            ))?;
        } else if found.get() == 0 && !unreadable {
            run.failed = true;
            warn(&format!("no SDP found in {name}: looked for {}", extract::LOOKED_FOR))?;
        } else if !pair_mode {
            input.finish(&mut run)?;
        }
    }
    if pair_mode && run.number != 2 {
        // One side is missing: nothing can be paired, and the run failed.
        run.failed = true;
    }
    let (failed, failing) = (run.failed, run.failing);
    sink.finish()?;
    Ok(if failed {
        ExitStatus::Error
    } else if failing {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The run's state across inputs.
struct Run<'s, 'w> {
    sink: &'s mut Box<dyn Renderer + 'w>,
    /// The output to flush after each push, when the input is live.
    live: Option<Shared<'w>>,
    /// Descriptions reported so far: the next one's [`Entry::number`].
    number: usize,
    /// An input could not be read or held no SDP (exit 2).
    failed: bool,
    /// A finding fails the run (exit 1).
    failing: bool,
    settings: &'s Settings,
}

impl Run<'_, '_> {
    /// Checks and reports `this` (kept), and its pair with `offer` if any.
    fn report(
        &mut self,
        input: &InputScan,
        this: Option<&Kept>,
        offer: Option<&Kept>,
    ) -> Result<()> {
        let Some(this) = this else { return Ok(()) };
        let options = self.settings.options_for(input.path);
        let report = sdpcheck::check_with(&this.sdp.text, &in_role(&options, this));
        self.number += 1;
        let Some(offer) = offer else {
            self.fail_on(report.findings());
            let entry = this.entry(&input.name, &report, false);
            self.sink.push(&[entry], &[])?;
            return self.flush_live();
        };
        // The offer was reported when it came by; it is parsed again here
        // only because its report borrows a text the stream does not keep,
        // and its own rules (a webrtc-sdp parse among them) need not rerun.
        let offer_report = sdpcheck::check_with(&offer.sdp.text, &quoted(&options, offer));
        let pair = sdpcheck::pair_reports(offer_report, report, &options);
        self.fail_on(pair.answer().findings());
        self.push_pair(offer, this, false, &pair)
    }

    /// Reports a pair of two descriptions already reported (the plain
    /// order of two SDPs without roles, known only at the end of input).
    fn report_late_pair(&mut self, input: &InputScan, offer: &Kept, answer: &Kept) -> Result<()> {
        let options = self.settings.options_for(input.path);
        let pair = sdpcheck::pair_reports(
            sdpcheck::check_with(&offer.sdp.text, &quoted(&options, offer)),
            sdpcheck::check_with(&answer.sdp.text, &quoted(&options, answer)),
            &options,
        );
        self.push_pair(offer, answer, true, &pair)
    }

    /// Reports `pair`: its findings, and `answer` itself unless it was
    /// reported before (`answer_quoted`).
    fn push_pair(
        &mut self,
        offer: &Kept,
        answer: &Kept,
        answer_quoted: bool,
        pair: &PairReport<'_>,
    ) -> Result<()> {
        self.fail_on(pair.findings());
        let entries = [
            offer.entry(&offer.source, pair.offer(), true),
            answer.entry(&answer.source, pair.answer(), answer_quoted),
        ];
        let pairs = [PairEntry { offer: offer.number, answer: answer.number, report: pair }];
        self.sink.push(&entries, &pairs)?;
        self.flush_live()
    }

    /// Flushes what was written, when the input is live.
    fn flush_live(&mut self) -> Result<()> {
        if let Some(out) = &mut self.live {
            out.flush()?;
        }
        Ok(())
    }

    fn fail_on(&mut self, findings: &[Finding]) {
        let fail_warning = self.settings.fail_on_warning;
        self.failing |= findings.iter().any(|f| {
            f.severity() == Severity::Error || (fail_warning && f.severity() == Severity::Warning)
        });
    }
}

/// `options` with no single-description rule selected: for a description
/// reported before, parsed again only to take part in a pair.
fn quoted(options: &Options, kept: &Kept) -> Options {
    let mut quiet = in_role(options, kept);
    quiet.selection = Selection::new(&[], &[Selector::All]);
    quiet
}

/// `options` for `kept` in the role its input (or `--role`) gave it.
fn in_role(options: &Options, kept: &Kept) -> Options {
    let mut options = options.clone();
    options.role = kept.sdp.role.map_or(options.role, Into::into);
    options
}

/// One input being scanned: pairing state and the offers kept for it.
struct InputScan<'p> {
    name: String,
    path: &'p Path,
    ring: Rc<RefCell<Ring>>,
    pairer: Pairer,
    /// SDPs of this input seen so far.
    seen: usize,
    /// Offers that may still be answered, by their index in the input.
    offers: HashMap<usize, Kept>,
    /// Their indexes, oldest first, and their bytes in all.
    offer_order: VecDeque<usize>,
    offer_bytes: usize,
    /// The first two SDPs, while the input may turn out to be a plain pair.
    first: Vec<Kept>,
    /// Answers given no offer (none in their session, or it was dropped).
    unpaired: usize,
    /// Offers dropped from the budget before any answer came.
    dropped: usize,
}

impl<'p> InputScan<'p> {
    fn new(name: &str, path: &'p Path, ring: Rc<RefCell<Ring>>) -> Self {
        InputScan {
            name: name.to_owned(),
            path,
            ring,
            pairer: Pairer::new(),
            seen: 0,
            offers: HashMap::new(),
            offer_order: VecDeque::new(),
            offer_bytes: 0,
            first: Vec::new(),
            unpaired: 0,
            dropped: 0,
        }
    }

    /// The SDP with the piece of input around it.
    fn keep(&self, sdp: ExtractedSdp<'static>, number: usize, context: usize) -> Kept {
        let piece = self.ring.borrow().piece(&sdp, context);
        Kept { sdp, piece, number, source: self.name.clone(), answered: false, unpaired: false }
    }

    /// Checks and reports the next SDP of this input.
    fn next(
        &mut self,
        run: &mut Run<'_, '_>,
        sdp: ExtractedSdp<'static>,
        context: usize,
    ) -> Result<()> {
        let index = self.seen;
        self.seen += 1;
        let offer = self.pairer.push(index, &sdp).filter(|o| self.offers.contains_key(o));
        let mut kept = self.keep(sdp, run.number, context);
        if kept.sdp.role == Some(Role::Answer) {
            kept.unpaired = offer.is_none();
            self.unpaired += usize::from(kept.unpaired);
        }
        run.report(self, Some(&kept), offer.and_then(|o| self.offers.get(&o)))?;
        if let Some(offer) = offer.and_then(|o| self.offers.get_mut(&o)) {
            offer.answered = true;
        }
        if kept.sdp.role == Some(Role::Offer) {
            self.keep_offer(index, kept.clone());
        }
        if self.first.len() < 2 && self.seen <= 2 {
            self.first.push(kept);
        } else {
            self.first.clear();
        }
        Ok(())
    }

    /// Remembers an offer, dropping the oldest past the byte budget.
    fn keep_offer(&mut self, index: usize, kept: Kept) {
        self.offer_bytes += kept.bytes();
        if let Some(old) = self.offers.insert(index, kept) {
            self.offer_bytes -= old.bytes();
        } else {
            self.offer_order.push_back(index);
        }
        while self.offer_bytes > KEPT_OFFER_BYTES || self.offer_order.len() > 4096 {
            let Some(old) = self.offer_order.pop_front() else { break };
            if let Some(old) = self.offers.remove(&old) {
                self.offer_bytes -= old.bytes();
                self.dropped += usize::from(!old.answered);
            }
        }
    }

    /// At the end of the input: the pair of two SDPs without roles.
    fn finish(&mut self, run: &mut Run<'_, '_>) -> Result<()> {
        if let (Some((0, 1)), [offer, answer]) = (self.pairer.finish(), self.first.as_slice()) {
            run.report_late_pair(self, offer, answer)?;
        }
        // Said once per input, with the count (JSON lists the answers).
        let name = &self.name;
        if self.unpaired > 0 {
            let n = self.unpaired;
            note(&format!(
                "{name}: {n} {} no offer in {} session, checked alone",
                if n == 1 { "answer had" } else { "answers had" },
                if n == 1 { "its" } else { "their" },
            ))?;
        }
        let dropped = self.dropped + self.pairer.dropped();
        if dropped > 0 {
            note(&format!(
                "{name}: {dropped} {} never answered before the kept-offer budget dropped {}",
                if dropped == 1 { "offer was" } else { "offers were" },
                if dropped == 1 { "it" } else { "them" },
            ))?;
        }
        Ok(())
    }
}

/// An SDP with what reporting it needs: the input around it.
#[derive(Clone)]
struct Kept {
    sdp: ExtractedSdp<'static>,
    piece: Piece,
    number: usize,
    source: String,
    /// An answer paired with it (an offer).
    answered: bool,
    /// No offer for it (an answer).
    unpaired: bool,
}

impl Kept {
    /// What keeping this costs, for the kept-offer budget: its text (and
    /// the parse that quotes it, counted as much again), the input piece,
    /// the piece's line index and the source map, which for an SDP of many
    /// short lines outweigh the text.
    fn bytes(&self) -> usize {
        const SEGMENT_BYTES: usize = 32;
        self.sdp.text.len() * 2
            + self.piece.bytes.len()
            + self.piece.index.line_count() * std::mem::size_of::<usize>()
            + self.sdp.map.segment_count() * SEGMENT_BYTES
    }

    fn entry<'r, 'a>(
        &'r self,
        source: &'r str,
        report: &'r Report<'a>,
        quoted: bool,
    ) -> Entry<'r, 'a> {
        let base = self.piece.base;
        Entry {
            number: self.number,
            source,
            text: &self.piece.bytes,
            index: &self.piece.index,
            base,
            offset: usize::try_from(self.sdp.offset()).unwrap_or(usize::MAX).saturating_sub(base),
            map: self.piece.mapped.then_some(&self.sdp.map),
            role: self.sdp.role.map(Role::as_str),
            session: self.sdp.session.as_deref(),
            unpaired: self.unpaired,
            report,
            quoted,
        }
    }
}

/// The input bytes around one SDP, indexed with their true lines.
#[derive(Clone)]
struct Piece {
    bytes: Vec<u8>,
    /// Input offset of `bytes[0]`.
    base: usize,
    index: LineIndex,
    /// False when the input around the SDP had already left the ring (an
    /// SDP whose input form is several MiB): `bytes` is then the SDP's own
    /// text, placed at its first byte's line and column.
    mapped: bool,
}

/// The latest bytes of one input.
struct Ring {
    buf: Vec<u8>,
    /// Input offset of `buf[0]`.
    start: u64,
    cap: usize,
}

impl Ring {
    fn new(cap: usize) -> Self {
        Ring { buf: Vec::new(), start: 0, cap }
    }

    fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
        // Drop in batches of a quarter ring: each byte moves O(1) times.
        if self.buf.len() > self.cap + self.cap / 4 {
            let drop = self.buf.len() - self.cap;
            self.buf.drain(..drop);
            self.start += drop as u64;
        }
    }

    /// The input around `sdp`: from `context` lines before its first line
    /// to `context` lines after its last, as far as [`REACH`] allows.
    fn piece(&self, sdp: &ExtractedSdp<'_>, context: usize) -> Piece {
        let first_line = usize::try_from(sdp.line.saturating_sub(1)).unwrap_or(usize::MAX);
        let first_column = usize::try_from(sdp.column.saturating_sub(1)).unwrap_or(usize::MAX);
        let rel = |at: u64| at.checked_sub(self.start).and_then(|r| usize::try_from(r).ok());
        let end = sdp.map.to_input(sdp.text.len());
        let (Some(from), Some(to)) = (rel(sdp.offset()), rel(end)) else {
            return Piece::unmapped(sdp, first_line, first_column);
        };
        if to > self.buf.len() || from > to {
            return Piece::unmapped(sdp, first_line, first_column);
        }
        let buf = &self.buf;
        // How far the piece may reach beyond the SDP: in proportion to the
        // SDP's own span (with a floor for the context lines of a short
        // one), so that thousands of tiny SDPs on one long line cost what
        // they cost one per line, never a fixed reach each.
        let reach = (to - from).clamp(MIN_REACH, REACH);
        // Back to the start of the SDP's first line, then `context` more.
        let floor = from.saturating_sub(reach);
        let ring_is_input_start = self.start == 0;
        let line_start = |at: usize| match memchr::memrchr(b'\n', buf.get(floor..at)?) {
            Some(i) => Some(floor + i + 1),
            None if floor == 0 && ring_is_input_start => Some(0),
            None => None,
        };
        let (mut lo, mut line, column) = if let Some(start) = line_start(from) {
            (start, first_line, 0)
        } else {
            // A line longer than the reach: start mid-line, on a char.
            let mut lo = floor;
            while buf.get(lo).is_some_and(|b| b & 0xC0 == 0x80) && lo < from {
                lo += 1;
            }
            let before = char_count(buf.get(lo..from).unwrap_or_default());
            (lo, first_line, first_column.saturating_sub(before))
        };
        if column == 0 {
            for _ in 0..context {
                let Some(start) = lo.checked_sub(1).and_then(line_start) else { break };
                lo = start;
                line = line.saturating_sub(1);
            }
        }
        // Forward to the end of the last line, then `context` more lines.
        let ceiling = to.saturating_add(reach).min(buf.len());
        let mut hi = to;
        let ends_line = to > from && buf.get(to - 1) == Some(&b'\n');
        for _ in 0..context + usize::from(!ends_line) {
            let Some(i) = buf.get(hi..ceiling).and_then(|rest| memchr::memchr(b'\n', rest)) else {
                hi = ceiling;
                break;
            };
            hi += i + 1;
        }
        let bytes = buf.get(lo..hi).unwrap_or_default().to_vec();
        let index = LineIndex::with_origin(&bytes, line, column);
        let base = usize::try_from(self.start).unwrap_or(usize::MAX).saturating_add(lo);
        Piece { bytes, base, index, mapped: true }
    }
}

impl Piece {
    fn unmapped(sdp: &ExtractedSdp<'_>, line: usize, column: usize) -> Self {
        let bytes = sdp.text.to_vec();
        let index = LineIndex::with_origin(&bytes, line, column);
        let base = usize::try_from(sdp.offset()).unwrap_or(usize::MAX);
        Piece { bytes, base, index, mapped: false }
    }
}

/// Counts characters as [`LineIndex`] does.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// The input reader, recording what it reads into the ring and drawing
/// the progress line.
struct Recorder {
    inner: Box<dyn Read>,
    ring: Rc<RefCell<Ring>>,
    progress: Option<Rc<RefCell<Progress>>>,
}

impl Read for Recorder {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.ring.borrow_mut().push(buf.get(..n).unwrap_or_default());
        if let Some(progress) = &self.progress {
            progress.borrow_mut().tick(n);
        }
        Ok(n)
    }
}

/// `scanning call.log: 412 MB, 18234 SDPs` on standard error, redrawn in
/// place, once a scan has run for a second, on a terminal only.
struct Progress {
    name: String,
    found: Rc<Cell<usize>>,
    started: Instant,
    last: Option<Instant>,
    bytes: u64,
    /// The line is on the screen.
    drawn: bool,
}

impl Progress {
    fn new(name: &str, found: Rc<Cell<usize>>) -> Self {
        Progress {
            name: name.to_owned(),
            found,
            started: Instant::now(),
            last: None,
            bytes: 0,
            drawn: false,
        }
    }

    /// Erases the line, if it is drawn.
    fn clear(&mut self) {
        if self.drawn {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
            self.drawn = false;
        }
    }

    fn tick(&mut self, n: usize) {
        self.bytes += n as u64;
        let now = Instant::now();
        if now.duration_since(self.started) < PROGRESS_AFTER
            || self.last.is_some_and(|t| now.duration_since(t) < Duration::from_millis(250))
        {
            return;
        }
        self.last = Some(now);
        // The name is escaped: it may hold anything a file name can.
        let name = sdpcheck::render::visible(&self.name);
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[Kscanning {name}: {} MB, {} SDPs",
            self.bytes / 1_000_000,
            self.found.get()
        );
        let _ = err.flush();
        self.drawn = true;
    }
}

/// The name an input is shown by: its path, with `\xNN` for each byte that
/// is not UTF-8 (where `display()` would write U+FFFD, and two names could
/// collide).
fn shown_name(path: &Path) -> String {
    if let Some(name) = path.to_str() {
        return name.to_owned();
    }
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\x{b:02X}"));
        }
    }
    out
}

/// A reader that ends after `left` bytes, and says whether it did.
struct Capped<R> {
    inner: R,
    left: u64,
    hit: Rc<Cell<bool>>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            self.hit.set(true);
            return Ok(0);
        }
        let want = usize::try_from(self.left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        self.left -= n as u64;
        Ok(n)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// The output, when it goes to the terminal the progress line is drawn on:
/// each write first erases the line, and is flushed at once, so findings
/// and the progress line never share a row.
struct AroundProgress<'w> {
    out: Box<dyn Write + 'w>,
    /// The progress line of the input being scanned.
    progress: Rc<RefCell<Option<Rc<RefCell<Progress>>>>>,
}

impl Write for AroundProgress<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let Some(progress) = self.progress.borrow().clone() else {
            return self.out.write(buf);
        };
        progress.borrow_mut().clear();
        let n = self.out.write(buf)?;
        self.out.flush()?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The run's output, shared by the renderer (which writes it) and the scan
/// (which flushes it after each SDP of a live input).
#[derive(Clone)]
struct Shared<'w>(Rc<RefCell<Box<dyn Write + 'w>>>);

impl Write for Shared<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.borrow_mut().flush()
    }
}

/// True when standard input is a pipe, a terminal or a socket: input that
/// arrives over time, not a file to read through.
fn stdin_is_live() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| !m.is_file())
    }
    #[cfg(not(unix))]
    {
        !io::stdin().is_terminal()
    }
}

/// A note on standard error: something the user should know about the
/// run that is not a finding.
fn note(message: &str) -> Result<()> {
    let mut err = io::stderr().lock();
    writeln!(err, "sdpcheck: note: {message}")?;
    Ok(())
}

/// The `--format` value naming `format`.
fn format_name(format: Format) -> String {
    use clap::ValueEnum as _;
    format.to_possible_value().map_or_else(|| format!("{format:?}"), |v| v.get_name().to_owned())
}
