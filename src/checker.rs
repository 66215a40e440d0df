//! [`Checker`]: the reusable, thread-safe entry point for applications that
//! validate SDP before they send it.
//!
//! Build it once with the options (profile, required codecs, selected or
//! ignored rules, limits), share it across threads, and call
//! [`Checker::check`] or [`Checker::check_pair`] per description. It never
//! prints, never panics, and allocates only for what it finds.

use crate::options::{BadCodecName, Options, RequiredCodec};
use crate::profile::ProfileChoice;
use crate::select::{Selection, Selector, UnknownSelector};
use crate::{Limits, PairReport, Report};

/// A configured checker. `Send + Sync`: build one, share it.
///
/// ```
/// use sdpcheck::{Checker, ProfileChoice};
///
/// let checker = Checker::builder()
///     .profile(ProfileChoice::Sip)
///     .require_codec("pcma")?
///     .ignore("hold-connection-address")?
///     .build();
/// let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
/// let report = checker.check(sdp);
/// assert!(report.has_errors());
/// let finding = &report.findings()[0];
/// assert_eq!(finding.name(), "required-codec-missing");
/// assert_eq!(finding.field_codes().iter().map(|c| c.number()).collect::<Vec<_>>(), [488, 415]);
/// assert_eq!(report.position(finding.primary_span().unwrap().start as usize), (6, 22));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Checker {
    options: Options,
}

impl Checker {
    /// A checker with the defaults: auto profile, every rule, default limits.
    pub fn new() -> Self {
        Checker::default()
    }

    /// A checker with explicit options.
    pub fn with_options(options: Options) -> Self {
        Checker { options }
    }

    /// Starts a [`CheckerBuilder`].
    pub fn builder() -> CheckerBuilder {
        CheckerBuilder::default()
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Parses and checks one description.
    pub fn check<'a>(&self, sdp: &'a [u8]) -> Report<'a> {
        crate::check_with(sdp, &self.options)
    }

    /// Checks an offer and its answer: each on its own, then together, with
    /// the negotiated result ([`PairReport::negotiation`]).
    pub fn check_pair<'a>(&self, offer: &'a [u8], answer: &'a [u8]) -> PairReport<'a> {
        crate::check_pair_with(offer, answer, &self.options)
    }
}

/// Builds a [`Checker`]; every setter validates its input.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CheckerBuilder {
    options: Options,
    select: Vec<Selector>,
    ignore: Vec<Selector>,
}

impl CheckerBuilder {
    /// Judges every description as WebRTC or SIP, or decides per description.
    pub fn profile(mut self, profile: ProfileChoice) -> Self {
        self.options.profile = profile;
        self
    }

    /// Requires a codec in every live audio section (`pcma`, `pcmu`, `g722`,
    /// `g729`, `opus`, or any encoding name).
    ///
    /// # Errors
    ///
    /// [`BadCodecName`] if `name` is empty or not a codec name.
    pub fn require_codec(mut self, name: &str) -> Result<Self, BadCodecName> {
        self.options.required_codecs.push(name.parse::<RequiredCodec>()?);
        Ok(self)
    }

    /// Runs only the rules a selector names (`ALL`, a name, a code, a prefix);
    /// may be called several times.
    ///
    /// # Errors
    ///
    /// [`UnknownSelector`] if it names no rule.
    pub fn select(mut self, selector: &str) -> Result<Self, UnknownSelector> {
        self.select.push(selector.parse()?);
        Ok(self)
    }

    /// Skips the rules a selector names; the more specific of `select` and
    /// `ignore` wins.
    ///
    /// # Errors
    ///
    /// [`UnknownSelector`] if it names no rule.
    pub fn ignore(mut self, selector: &str) -> Result<Self, UnknownSelector> {
        self.ignore.push(selector.parse()?);
        Ok(self)
    }

    /// Replaces the size and count limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.options.limits = limits;
        self
    }

    /// The checker.
    pub fn build(mut self) -> Checker {
        self.options.selection = Selection::new(&self.select, &self.ignore);
        Checker { options: self.options }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checker_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Checker>();
        assert_send_sync::<CheckerBuilder>();
    }

    #[test]
    fn builder_rejects_bad_names() {
        assert!(Checker::builder().select("no-such-rule").is_err());
        assert!(Checker::builder().require_codec("").is_err());
    }

    #[test]
    fn shared_across_threads() {
        let checker = std::sync::Arc::new(Checker::new());
        let sdp: &'static [u8] =
            b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let checker = std::sync::Arc::clone(&checker);
                std::thread::spawn(move || checker.check(sdp).findings().len())
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 1);
        }
    }
}
