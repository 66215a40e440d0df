//! Typed attribute values: the grammar of each `a=` attribute sdpcheck
//! interprets, from RFC 8866 §6 and the RFCs that register the WebRTC and
//! SIP attributes (ICE, DTLS, BUNDLE, RTP header extensions, simulcast,
//! SDES, SCTP).
//!
//! `parse::attribute_line` splits `a=<name>[:<value>]` and checks the name
//! is a token, then calls `parse_value`, which dispatches on the name
//! (case-sensitive: attribute names are registered in lower case and
//! libwebrtc matches them exactly) to one grammar per file in this module.
//! A grammar error is a `FieldError` on the exact offending token, a
//! sub-slice of the value. Attributes not listed here are
//! [`AttrValue::Other`] and never an error: RFC 8866 §5.13 asks receivers
//! to ignore attributes they do not understand.
//!
//! Parsing is zero-copy and allocation-free: typed fields are slices of the
//! value, numbers are [`Num`]s that keep their digits, and lists (BUNDLE
//! mids, SSRCs, fmtp parameters, candidate extensions) are validated once
//! and kept as written behind iterator methods. `write_value` rebuilds
//! `name[:value]` from the typed fields, byte for byte. `form` gives the
//! grammar quoted in help lines.
//!
//! Strictness: fields are separated by exactly one SP, values have no
//! leading or trailing whitespace (a trailing space is reported on the
//! space), and numbers are read into their exact range (a payload type of
//! 128 is out of range, not wrapped). Where the field departs from a
//! grammar in a way every receiver accepts (Chrome's `a=msid-semantic:
//! WMS`, lower-case fingerprint hex, `a=ptime:20.0`), the departure is
//! accepted and kept for the round trip, so a rule can judge it.

mod candidate;
mod common;
mod crypto;
mod dtls;
mod extmap;
mod flag;
mod fmtp;
mod grouping;
mod ice;
mod msid;
mod number;
mod rid;
mod rtcp;
mod rtcp_fb;
mod rtpmap;
mod sctp;
mod session;
mod simulcast;
mod ssrc;

pub use candidate::{Candidate, CandidateType, TcpType};
pub use crypto::{Crypto, CryptoKey, InlineKey};
pub use dtls::{Fingerprint, Setup};
pub use extmap::Extmap;
pub use flag::Direction;
pub use fmtp::{Fmtp, FmtpParam};
pub use grouping::Group;
pub use ice::IceOptions;
pub use msid::{Msid, MsidSemantic};
pub use number::Real;
pub use rid::{Rid, RidDirection, RidParam};
pub use rtcp::{Rtcp, RtcpAddress};
pub use rtcp_fb::{FeedbackPayload, RtcpFb};
pub use rtpmap::Rtpmap;
pub use sctp::Sctpmap;
pub use session::{ConferenceType, Orientation};
pub use simulcast::{Simulcast, SimulcastId, SimulcastList, SimulcastStream};
pub use ssrc::{Ssrc, SsrcGroup};

use crate::model::{Attribute, Num};
use crate::parse::error::{FieldError, FieldErrorKind};
use common::put;

/// The typed value of an attribute.
///
/// Property attributes (no value) are unit variants; every other variant
/// borrows its fields from the attribute's value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AttrValue<'a> {
    /// An attribute sdpcheck does not interpret; its value is kept verbatim
    /// in [`Attribute::value`].
    Other,

    // Property attributes (RFC 8866 §5.13): the name alone.
    /// `a=sendrecv`, `a=sendonly`, `a=recvonly`, `a=inactive` (RFC 8866 §6.7).
    Direction(Direction),
    /// `a=rtcp-mux` (RFC 5761 §5.1.1).
    RtcpMux,
    /// `a=rtcp-mux-only` (RFC 8858).
    RtcpMuxOnly,
    /// `a=rtcp-rsize` (RFC 5506 §5).
    RtcpRsize,
    /// `a=ice-lite` (RFC 8839 §5.3).
    IceLite,
    /// `a=end-of-candidates` (RFC 8840 §8.2).
    EndOfCandidates,
    /// `a=extmap-allow-mixed` (RFC 8285 §6).
    ExtmapAllowMixed,
    /// `a=bundle-only` (RFC 9143 §6).
    BundleOnly,

    // RTP payload formats.
    /// `a=rtpmap:111 opus/48000/2` (RFC 8866 §6.6).
    Rtpmap(Rtpmap<'a>),
    /// `a=fmtp:111 minptime=10;useinbandfec=1` (RFC 8866 §6.15).
    Fmtp(Fmtp<'a>),
    /// `a=rtcp-fb:96 nack pli` (RFC 4585 §4.2).
    RtcpFb(RtcpFb<'a>),
    /// `a=ptime:20`, in milliseconds (RFC 8866 §6.4).
    Ptime(Real<'a>),
    /// `a=maxptime:120`, in milliseconds (RFC 8866 §6.5).
    MaxPtime(Real<'a>),
    /// `a=framerate:29.97`, frames per second (RFC 8866 §6.13).
    Framerate(Real<'a>),
    /// `a=quality:10`, 0-10 (RFC 8866 §6.14).
    Quality(Num<'a, u8>),

    // Grouping and identification.
    /// `a=mid:0`: the media section's identification tag (RFC 5888 §4).
    Mid(&'a str),
    /// `a=group:BUNDLE 0 1` (RFC 5888 §5, RFC 9143).
    Group(Group<'a>),
    /// `a=msid:<stream> <track>` (RFC 8830 §2).
    Msid(Msid<'a>),
    /// `a=msid-semantic: WMS` (draft-ietf-mmusic-msid).
    MsidSemantic(MsidSemantic<'a>),
    /// `a=ssrc:1001 cname:x` (RFC 5576 §4.1).
    Ssrc(Ssrc<'a>),
    /// `a=ssrc-group:FID 1001 1002` (RFC 5576 §4.2).
    SsrcGroup(SsrcGroup<'a>),
    /// `a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level`
    /// (RFC 8285 §7).
    Extmap(Extmap<'a>),
    /// `a=rid:hi send` (RFC 8851 §10).
    Rid(Rid<'a>),
    /// `a=simulcast:send h;m;l` (RFC 8853 §5.1).
    Simulcast(Simulcast<'a>),
    /// `a=rtcp:9 IN IP4 0.0.0.0` (RFC 3605 §2.1).
    Rtcp(Rtcp<'a>),

    // ICE.
    /// `a=ice-ufrag:<ufrag>`: ICE characters, length unchecked
    /// (RFC 8839 §5.4).
    IceUfrag(&'a str),
    /// `a=ice-pwd:<password>`: ICE characters, length unchecked
    /// (RFC 8839 §5.4).
    IcePwd(&'a str),
    /// `a=ice-options:trickle` (RFC 8839 §5.6).
    IceOptions(IceOptions<'a>),
    /// `a=candidate:...` (RFC 8839 §5.1).
    Candidate(Candidate<'a>),

    // Security.
    /// `a=fingerprint:sha-256 AB:...` (RFC 8122 §5).
    Fingerprint(Fingerprint<'a>),
    /// `a=setup:actpass` (RFC 4145 §4).
    Setup(Setup<'a>),
    /// `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...` (RFC 4568 §9.1).
    Crypto(Crypto<'a>),

    // Data channels.
    /// `a=sctp-port:5000` (RFC 8841 §5.2).
    SctpPort(Num<'a, u16>),
    /// `a=max-message-size:262144`, in bytes, 0 for no limit
    /// (RFC 8841 §6.2).
    MaxMessageSize(Num<'a, u64>),
    /// `a=sctpmap:5000 webrtc-datachannel 1024` (legacy).
    Sctpmap(Sctpmap<'a>),

    // Session description (RFC 8866 §6).
    /// `a=cat:foo.bar` (§6.1, obsolete).
    Cat(&'a str),
    /// `a=keywds:<text>` (§6.2, obsolete).
    Keywds(&'a str),
    /// `a=tool:<name and version>` (§6.3).
    Tool(&'a str),
    /// `a=orient:portrait` (§6.8).
    Orient(Orientation),
    /// `a=type:moderated` (§6.9).
    Type(ConferenceType),
    /// `a=charset:ISO-8859-1` (§6.10).
    Charset(&'a str),
    /// `a=sdplang:fr`: the language of the description (§6.11).
    SdpLang(&'a str),
    /// `a=lang:de`: a language of the session (§6.12).
    Lang(&'a str),
    /// `a=label:<token>` (RFC 4574 §4).
    Label(&'a str),
}

/// Parses an attribute's value by the grammar its name registers.
///
/// `name` is a token as written; `value` is the text after the first `:`
/// (`None` when there is no `:`). Unknown names give [`AttrValue::Other`].
pub(crate) fn parse_value<'a>(
    name: &'a str,
    value: Option<&'a str>,
) -> Result<AttrValue<'a>, FieldError<'a>> {
    if let Some(typed) = flag::flag(name) {
        return match value {
            None => Ok(typed),
            Some(value) => Err(flag::value_given(value)),
        };
    }
    let Some(value) = value else {
        return if form(name).is_some() {
            // A typed attribute with no `:`: point at the end of the name,
            // where the `:` belongs.
            let end = name.get(name.len()..).unwrap_or(name);
            Err(FieldError::at(end, FieldErrorKind::Expected("`:` and a value")))
        } else {
            Ok(AttrValue::Other)
        };
    };
    Ok(match name {
        "rtpmap" => AttrValue::Rtpmap(rtpmap::parse(value)?),
        "fmtp" => AttrValue::Fmtp(fmtp::parse(value)?),
        "rtcp-fb" => AttrValue::RtcpFb(rtcp_fb::parse(value)?),
        "ptime" => AttrValue::Ptime(number::parse_real(value, "packet time")?),
        "maxptime" => AttrValue::MaxPtime(number::parse_real(value, "maximum packet time")?),
        "framerate" => AttrValue::Framerate(number::parse_real(value, "frame rate")?),
        "quality" => AttrValue::Quality(number::parse_quality(value)?),
        "mid" => AttrValue::Mid(grouping::parse_mid(value)?),
        "group" => AttrValue::Group(grouping::parse_group(value)?),
        "msid" => AttrValue::Msid(msid::parse_msid(value)?),
        "msid-semantic" => AttrValue::MsidSemantic(msid::parse_semantic(value)?),
        "ssrc" => AttrValue::Ssrc(ssrc::parse_ssrc(value)?),
        "ssrc-group" => AttrValue::SsrcGroup(ssrc::parse_group(value)?),
        "extmap" => AttrValue::Extmap(extmap::parse(value)?),
        "rid" => AttrValue::Rid(rid::parse(value)?),
        "simulcast" => AttrValue::Simulcast(simulcast::parse(value)?),
        "rtcp" => AttrValue::Rtcp(rtcp::parse(value)?),
        "ice-ufrag" => AttrValue::IceUfrag(ice::parse_ufrag(value)?),
        "ice-pwd" => AttrValue::IcePwd(ice::parse_pwd(value)?),
        "ice-options" => AttrValue::IceOptions(ice::parse_options(value)?),
        "candidate" => AttrValue::Candidate(candidate::parse(value)?),
        "fingerprint" => AttrValue::Fingerprint(dtls::parse_fingerprint(value)?),
        "setup" => AttrValue::Setup(dtls::parse_setup(value)?),
        "crypto" => AttrValue::Crypto(crypto::parse(value)?),
        "sctp-port" => AttrValue::SctpPort(sctp::parse_port(value)?),
        "max-message-size" => AttrValue::MaxMessageSize(sctp::parse_max_message_size(value)?),
        "sctpmap" => AttrValue::Sctpmap(sctp::parse_sctpmap(value)?),
        "cat" => AttrValue::Cat(session::parse_cat(value)?),
        "keywds" => AttrValue::Keywds(session::parse_text(value, "keywords")?),
        "tool" => AttrValue::Tool(session::parse_text(value, "tool name and version")?),
        "orient" => AttrValue::Orient(session::parse_orient(value)?),
        "type" => AttrValue::Type(session::parse_type(value)?),
        "charset" => AttrValue::Charset(session::parse_charset(value)?),
        "sdplang" => AttrValue::SdpLang(session::parse_language(value)?),
        "lang" => AttrValue::Lang(session::parse_language(value)?),
        "label" => AttrValue::Label(session::parse_label(value)?),
        _ => AttrValue::Other,
    })
}

/// Writes `name[:value]` (without `a=`): from the typed fields for typed
/// values, verbatim for [`AttrValue::Other`]. For every value
/// [`parse_value`] accepted, this reproduces the input byte for byte.
pub(crate) fn write_value(attr: &Attribute<'_>, out: &mut Vec<u8>) {
    put(out, attr.name);
    let plain = |out: &mut Vec<u8>, s: &str| {
        out.push(b':');
        put(out, s);
    };
    match &attr.typed {
        AttrValue::Other => {
            if let Some(value) = attr.value {
                plain(out, value);
            }
        }
        AttrValue::Direction(_)
        | AttrValue::RtcpMux
        | AttrValue::RtcpMuxOnly
        | AttrValue::RtcpRsize
        | AttrValue::IceLite
        | AttrValue::EndOfCandidates
        | AttrValue::ExtmapAllowMixed
        | AttrValue::BundleOnly => {}
        AttrValue::Mid(s)
        | AttrValue::IceUfrag(s)
        | AttrValue::IcePwd(s)
        | AttrValue::Cat(s)
        | AttrValue::Keywds(s)
        | AttrValue::Tool(s)
        | AttrValue::Charset(s)
        | AttrValue::SdpLang(s)
        | AttrValue::Lang(s)
        | AttrValue::Label(s) => plain(out, s),
        AttrValue::Quality(n) => plain(out, n.raw),
        AttrValue::SctpPort(n) => plain(out, n.raw),
        AttrValue::MaxMessageSize(n) => plain(out, n.raw),
        AttrValue::Orient(o) => plain(out, o.as_str()),
        AttrValue::Type(t) => plain(out, t.as_str()),
        AttrValue::Setup(s) => plain(out, s.as_str()),
        typed => {
            out.push(b':');
            write_typed(typed, out);
        }
    }
}

/// Writes the value of a structured variant.
fn write_typed(typed: &AttrValue<'_>, out: &mut Vec<u8>) {
    match typed {
        AttrValue::Rtpmap(v) => v.write(out),
        AttrValue::Fmtp(v) => v.write(out),
        AttrValue::RtcpFb(v) => v.write(out),
        AttrValue::Ptime(v) | AttrValue::MaxPtime(v) | AttrValue::Framerate(v) => v.write(out),
        AttrValue::Group(v) => v.write(out),
        AttrValue::Msid(v) => v.write(out),
        AttrValue::MsidSemantic(v) => v.write(out),
        AttrValue::Ssrc(v) => v.write(out),
        AttrValue::SsrcGroup(v) => v.write(out),
        AttrValue::Extmap(v) => v.write(out),
        AttrValue::Rid(v) => v.write(out),
        AttrValue::Simulcast(v) => v.write(out),
        AttrValue::Rtcp(v) => v.write(out),
        AttrValue::IceOptions(v) => v.write(out),
        AttrValue::Candidate(v) => v.write(out),
        AttrValue::Fingerprint(v) => v.write(out),
        AttrValue::Crypto(v) => v.write(out),
        AttrValue::Sctpmap(v) => v.write(out),
        // Written by `write_value` itself.
        AttrValue::Other
        | AttrValue::Direction(_)
        | AttrValue::RtcpMux
        | AttrValue::RtcpMuxOnly
        | AttrValue::RtcpRsize
        | AttrValue::IceLite
        | AttrValue::EndOfCandidates
        | AttrValue::ExtmapAllowMixed
        | AttrValue::BundleOnly
        | AttrValue::Mid(_)
        | AttrValue::IceUfrag(_)
        | AttrValue::IcePwd(_)
        | AttrValue::Cat(_)
        | AttrValue::Keywds(_)
        | AttrValue::Tool(_)
        | AttrValue::Charset(_)
        | AttrValue::SdpLang(_)
        | AttrValue::Lang(_)
        | AttrValue::Label(_)
        | AttrValue::Quality(_)
        | AttrValue::SctpPort(_)
        | AttrValue::MaxMessageSize(_)
        | AttrValue::Orient(_)
        | AttrValue::Type(_)
        | AttrValue::Setup(_) => {}
    }
}

/// The grammar form of a typed attribute, quoted in help lines; `None` for
/// attributes sdpcheck does not interpret.
pub(crate) fn form(name: &str) -> Option<&'static str> {
    Some(match name {
        "rtpmap" => {
            "a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>], e.g. `a=rtpmap:111 opus/48000/2`"
        }
        "fmtp" => {
            "a=fmtp:<format> <format specific parameters>, e.g. `a=fmtp:111 minptime=10;useinbandfec=1`"
        }
        "rtcp-fb" => {
            "a=rtcp-fb:<payload type or *> <feedback type> [<parameter>], e.g. `a=rtcp-fb:96 nack pli`"
        }
        "ptime" => "a=ptime:<packet time in ms>, a non-zero number, e.g. `a=ptime:20`",
        "maxptime" => {
            "a=maxptime:<maximum packet time in ms>, a non-zero number, e.g. `a=maxptime:120`"
        }
        "framerate" => {
            "a=framerate:<frames per second>, a non-zero number, e.g. `a=framerate:29.97`"
        }
        "quality" => "a=quality:<0 to 10>, e.g. `a=quality:10`",
        "mid" => "a=mid:<identification tag>, a token, e.g. `a=mid:0`",
        "group" => "a=group:<semantics> <mid> ..., e.g. `a=group:BUNDLE 0 1`",
        "msid" => {
            "a=msid:<stream id> [<track id>], each 1 to 64 token characters, e.g. `a=msid:- 7d0b4d5e`"
        }
        "msid-semantic" => {
            "a=msid-semantic:<semantic> [<stream id> ...], e.g. `a=msid-semantic:WMS *`"
        }
        "ssrc" => {
            "a=ssrc:<ssrc> <attribute>[:<value>], e.g. `a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6`"
        }
        "ssrc-group" => {
            "a=ssrc-group:<semantics> <ssrc> ..., e.g. `a=ssrc-group:FID 2231627014 632943048`"
        }
        "extmap" => {
            "a=extmap:<id 1-255, or 4096-4351 in an offer>[/<direction>] <URI> [<attributes>], e.g. `a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level`"
        }
        "rid" => {
            "a=rid:<rid-id> send|recv [pt=<fmt>,...;<restriction>=<value>;...], e.g. `a=rid:hi send max-width=1280`"
        }
        "simulcast" => {
            "a=simulcast:send|recv <rid>[,<alt>][;<rid>...] [recv|send <list>], e.g. `a=simulcast:send h;m;~l`"
        }
        "rtcp" => {
            "a=rtcp:<port> [<nettype> <addrtype> <connection address>], e.g. `a=rtcp:9 IN IP4 0.0.0.0`"
        }
        "ice-ufrag" => {
            "a=ice-ufrag:<ufrag>, 4 to 256 of ALPHA / DIGIT / `+` / `/`, e.g. `a=ice-ufrag:8hhY`"
        }
        "ice-pwd" => {
            "a=ice-pwd:<password>, 22 to 256 of ALPHA / DIGIT / `+` / `/`, e.g. `a=ice-pwd:asd88fgpdd777uzjYhagZg`"
        }
        "ice-options" => "a=ice-options:<option> ..., e.g. `a=ice-options:trickle`",
        "candidate" => {
            "a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <host|srflx|prflx|relay> [raddr <address>] [rport <port>] [<extension> <value>]..., e.g. `a=candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host`"
        }
        "fingerprint" => {
            "a=fingerprint:<hash function> <XX:XX:...>, e.g. `a=fingerprint:sha-256 4A:AD:B9:...`"
        }
        "setup" => "a=setup:actpass|active|passive|holdconn, e.g. `a=setup:actpass`",
        "crypto" => {
            "a=crypto:<tag> <crypto suite> inline:<base64 key||salt>[|<lifetime>][|<MKI>:<length>] [<session params>], e.g. `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32`"
        }
        "sctp-port" => "a=sctp-port:<port>, e.g. `a=sctp-port:5000`",
        "max-message-size" => {
            "a=max-message-size:<bytes, 0 for no limit>, e.g. `a=max-message-size:262144`"
        }
        "sctpmap" => {
            "a=sctpmap:<port> <application> [<streams>], e.g. `a=sctpmap:5000 webrtc-datachannel 1024`"
        }
        "cat" => "a=cat:<category>, e.g. `a=cat:foo.bar`",
        "keywds" => "a=keywds:<keywords>, e.g. `a=keywds:SDP session description`",
        "tool" => "a=tool:<name and version>, e.g. `a=tool:foobar V3.2`",
        "orient" => "a=orient:portrait|landscape|seascape",
        "type" => "a=type:broadcast|meeting|moderated|test|H332",
        "charset" => "a=charset:<IANA character set name>, e.g. `a=charset:ISO-8859-1`",
        "sdplang" => "a=sdplang:<language tag>, e.g. `a=sdplang:fr`",
        "lang" => "a=lang:<language tag>, e.g. `a=lang:de`",
        "label" => "a=label:<token>, e.g. `a=label:1`",
        "sendrecv" | "sendonly" | "recvonly" | "inactive" => {
            "a=sendrecv, a=sendonly, a=recvonly or a=inactive, with no value"
        }
        "rtcp-mux" => "a=rtcp-mux, with no value",
        "rtcp-mux-only" => "a=rtcp-mux-only, with no value",
        "rtcp-rsize" => "a=rtcp-rsize, with no value",
        "ice-lite" => "a=ice-lite, with no value",
        "end-of-candidates" => "a=end-of-candidates, with no value",
        "extmap-allow-mixed" => "a=extmap-allow-mixed, with no value",
        "bundle-only" => "a=bundle-only, with no value",
        _ => return None,
    })
}

/// Shared helpers for the grammar tests of every file in this module.
#[cfg(test)]
pub(super) mod testing {
    use super::{AttrValue, parse_value, write_value};
    use crate::model::Attribute;
    use crate::parse::error::FieldErrorKind;

    /// Parses `a=<name>:<value>`, asserts the writer reproduces it byte for
    /// byte, and returns the typed value.
    pub(in crate::parse::attribute) fn ok<'a>(name: &'a str, value: &'a str) -> AttrValue<'a> {
        let typed =
            parse_value(name, Some(value)).unwrap_or_else(|e| panic!("a={name}:{value}: {e:?}"));
        let attr = Attribute { name, value: Some(value), typed: typed.clone() };
        let mut out = Vec::new();
        write_value(&attr, &mut out);
        assert_eq!(String::from_utf8_lossy(&out), format!("{name}:{value}"), "round trip");
        typed
    }

    /// Parses `a=<name>:<value>`, expects a grammar error, checks its token
    /// is a sub-slice of the value, and returns (byte offset in the value,
    /// token, kind).
    pub(in crate::parse::attribute) fn bad<'a>(
        name: &'a str,
        value: &'a str,
    ) -> (usize, &'a str, FieldErrorKind) {
        let e = match parse_value(name, Some(value)) {
            Ok(typed) => panic!("a={name}:{value} parsed: {typed:?}"),
            Err(e) => e,
        };
        (offset(value, e.at), e.at, e.kind)
    }

    /// The byte offset of `part` in `whole`, asserting it is a sub-slice.
    pub(in crate::parse::attribute) fn offset(whole: &str, part: &str) -> usize {
        let start = whole.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        assert!(
            at >= start && at + part.len() <= start + whole.len(),
            "`{part}` is not inside `{whole}`"
        );
        at - start
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{offset, ok};
    use super::*;

    /// One realistic value per typed attribute, as browsers and SIP servers
    /// write them, for the dispatch, round-trip and mutation tests.
    const GOOD: &[(&str, &str)] = &[
        ("rtpmap", "111 opus/48000/2"),
        ("fmtp", "111 minptime=10;useinbandfec=1"),
        ("rtcp-fb", "96 ccm tmmbr smaxpr=120"),
        ("rtcp-fb", "* trr-int 100"),
        ("ptime", "20"),
        ("maxptime", "2.5"),
        ("framerate", "29.97"),
        ("quality", "10"),
        ("mid", "0"),
        ("group", "BUNDLE 0 1 2"),
        ("msid", "- 7d0b4d5e-5a1f-4b6e-9e3c-2c7f4e0b1a2d"),
        ("msid-semantic", " WMS stream"),
        ("ssrc", "3735928559 msid:stream track"),
        ("ssrc-group", "FID 2231627014 632943048"),
        ("extmap", "3/sendrecv http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time x"),
        ("rid", "hi send pt=96,97;max-width=1280;max-bpp=1.5;depend=lo"),
        ("simulcast", "send 1,2;~3 recv 4"),
        ("rtcp", "9 IN IP4 0.0.0.0"),
        ("ice-ufrag", "8hhY"),
        ("ice-pwd", "asd88fgpdd777uzjYhagZg"),
        ("ice-options", "trickle renomination"),
        (
            "candidate",
            "842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.1.1 rport 61665 tcptype so generation 0",
        ),
        ("fingerprint", "sha-256 4A:AD:B9:B1:3F"),
        ("setup", "actpass"),
        (
            "crypto",
            "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32 KDR=1",
        ),
        ("sctp-port", "5000"),
        ("max-message-size", "262144"),
        ("sctpmap", "5000 webrtc-datachannel 1024"),
        ("cat", "foo.bar"),
        ("keywds", "SDP session"),
        ("tool", "foobar V3.2"),
        ("orient", "landscape"),
        ("type", "meeting"),
        ("charset", "ISO-8859-1"),
        ("sdplang", "fr"),
        ("lang", "de-CH"),
        ("label", "1"),
    ];

    const FLAGS: &[&str] = &[
        "sendrecv",
        "sendonly",
        "recvonly",
        "inactive",
        "rtcp-mux",
        "rtcp-mux-only",
        "rtcp-rsize",
        "ice-lite",
        "end-of-candidates",
        "extmap-allow-mixed",
        "bundle-only",
    ];

    #[test]
    fn every_typed_attribute_parses_round_trips_and_has_a_form() {
        for &(name, value) in GOOD {
            let typed = ok(name, value);
            assert_ne!(typed, AttrValue::Other, "a={name} is not typed");
            assert!(form(name).is_some(), "a={name} has no form");
        }
        for &name in FLAGS {
            assert!(form(name).is_some(), "a={name} has no form");
            let typed = parse_value(name, None).unwrap();
            let mut out = Vec::new();
            write_value(&Attribute { name, value: None, typed }, &mut out);
            assert_eq!(out, name.as_bytes());
        }
    }

    #[test]
    fn every_form_belongs_to_a_typed_attribute() {
        let names = GOOD.iter().map(|(n, _)| *n).chain(FLAGS.iter().copied());
        let known: std::collections::BTreeSet<&str> = names.collect();
        for name in known.iter().copied() {
            let form = form(name).unwrap();
            assert!(form.starts_with("a="), "{name}: {form}");
        }
        // A form only for names the dispatcher types.
        for name in ["foo", "x-custom", "RTPMAP", "ice-mismatch", "msid-semantic "] {
            assert_eq!(form(name), None, "{name}");
        }
    }

    #[test]
    fn typed_attributes_need_a_value() {
        for &(name, _) in GOOD {
            let e = parse_value(name, None).unwrap_err();
            assert_eq!(e.kind, FieldErrorKind::Expected("`:` and a value"), "{name}");
            assert_eq!(offset(name, e.at), name.len());
        }
    }

    #[test]
    fn unknown_attributes_are_kept_verbatim() {
        for (name, value) in [
            ("x-google-flag", Some("conference")),
            ("goog-remb", None),
            ("ice-mismatch", None),
            ("silenceSupp", Some("off - - - -")),
            ("Rtpmap", Some("not checked at all ")),
            ("X-nat", Some("0")),
            ("weird", Some("")),
        ] {
            let typed = parse_value(name, value).unwrap();
            assert_eq!(typed, AttrValue::Other);
            let mut out = Vec::new();
            write_value(&Attribute { name, value, typed }, &mut out);
            let expected = value.map_or_else(|| name.to_owned(), |v| format!("{name}:{v}"));
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    /// Mutations of every good value: the parser must not panic, an error
    /// must point inside the value, and anything accepted must round-trip.
    #[test]
    fn mutations_never_panic_and_always_round_trip() {
        const INSERTS: &[&str] = &[
            " ",
            "  ",
            "\t",
            ":",
            ";",
            ",",
            "/",
            "~",
            "=",
            "*",
            "0",
            "x",
            "é",
            "\u{202E}",
            "9999999999999999999999",
        ];
        let mut checked = 0_usize;
        for &(name, value) in GOOD {
            let boundaries: Vec<usize> =
                (0..=value.len()).filter(|&i| value.is_char_boundary(i)).collect();
            let mut variants = Vec::new();
            for &at in &boundaries {
                variants.push(value.get(..at).unwrap().to_owned());
                for ins in INSERTS {
                    variants.push(format!("{}{ins}{}", &value[..at], &value[at..]));
                }
                if let Some(next) = boundaries.iter().copied().find(|&b| b > at) {
                    variants.push(format!("{}{}", &value[..at], &value[next..]));
                }
            }
            for variant in &variants {
                match parse_value(name, Some(variant)) {
                    Ok(typed) => {
                        let mut out = Vec::new();
                        write_value(&Attribute { name, value: Some(variant), typed }, &mut out);
                        assert_eq!(
                            String::from_utf8_lossy(&out),
                            format!("{name}:{variant}"),
                            "round trip"
                        );
                    }
                    Err(e) => {
                        offset(variant, e.at);
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn trailing_space_is_an_error_on_the_space_for_every_typed_attribute() {
        for &(name, value) in GOOD {
            let padded = format!("{value} ");
            let e = parse_value(name, Some(&padded)).unwrap_err();
            assert_eq!(
                (offset(&padded, e.at), e.kind),
                (value.len(), FieldErrorKind::Trailing),
                "a={name}"
            );
            let leading = format!(" {value}");
            if name != "msid-semantic" {
                let e = parse_value(name, Some(&leading)).unwrap_err();
                assert_eq!(offset(&leading, e.at), 0, "a={name}");
            }
        }
    }
}
