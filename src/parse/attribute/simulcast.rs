//! `a=simulcast` (RFC 8853 §5.1): the simulcast streams sent and received.
//!
//! ```text
//! sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
//! sc-send      = %s"send" SP sc-str-list
//! sc-recv      = %s"recv" SP sc-str-list
//! sc-str-list  = sc-alt-list *( ";" sc-alt-list )
//! sc-alt-list  = sc-id *( "," sc-id )
//! sc-id-paused = "~"
//! sc-id        = [sc-id-paused] rid-id
//! ```
//!
//! Each `;`-separated item is one stream; the `,`-separated ids within it
//! are alternatives for that stream. The lists are validated once and
//! kept as written; [`SimulcastList::streams`] walks them on demand.
//! The pre-RFC draft syntax (`a=simulcast: send rid=a;b`, old Firefox) is
//! rejected at `rid=`.

use super::common::{char_list, expected, more, put, word};
use super::rid::{RidDirection, rid_id};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// `a=simulcast:<send|recv> <streams> [<recv|send> <streams>]`
/// (RFC 8853 §5.1), e.g. `a=simulcast:send h;m;~l recv r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Simulcast<'a> {
    /// The first direction and its streams.
    pub first: SimulcastList<'a>,
    /// The other direction, if given (always the opposite of `first`).
    pub second: Option<SimulcastList<'a>>,
}

/// One direction of an `a=simulcast` line and its stream list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulcastList<'a> {
    /// `send` or `recv`.
    pub direction: RidDirection,
    /// The stream list as written (`h;m;~l`, `1,2;3`).
    pub streams: &'a str,
}

/// One simulcast stream: its alternative RTP stream ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulcastStream<'a> {
    /// The `,`-separated alternatives as written.
    pub alternatives: &'a str,
}

/// One RTP stream id in a simulcast stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulcastId<'a> {
    /// The id, without the `~`; it names an `a=rid` line.
    pub rid: &'a str,
    /// Written with `~`: the stream starts paused.
    pub paused: bool,
}

impl<'a> Simulcast<'a> {
    /// The send direction's list, if any.
    pub fn send(&self) -> Option<SimulcastList<'a>> {
        self.find(RidDirection::Send)
    }

    /// The receive direction's list, if any.
    pub fn recv(&self) -> Option<SimulcastList<'a>> {
        self.find(RidDirection::Recv)
    }

    fn find(&self, direction: RidDirection) -> Option<SimulcastList<'a>> {
        std::iter::once(self.first).chain(self.second).find(|l| l.direction == direction)
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        self.first.write(out);
        if let Some(second) = self.second {
            out.push(b' ');
            second.write(out);
        }
    }
}

impl<'a> SimulcastList<'a> {
    /// Each stream, in order.
    pub fn streams(&self) -> impl Iterator<Item = SimulcastStream<'a>> + use<'a> {
        self.streams.split(';').map(|alternatives| SimulcastStream { alternatives })
    }

    /// Every RTP stream id named in the list, across all streams.
    pub fn ids(&self) -> impl Iterator<Item = SimulcastId<'a>> + use<'a> {
        self.streams().flat_map(|s| s.ids())
    }

    fn write(self, out: &mut Vec<u8>) {
        put(out, self.direction.as_str());
        out.push(b' ');
        put(out, self.streams);
    }
}

impl<'a> SimulcastStream<'a> {
    /// The alternatives, in order of preference.
    pub fn ids(&self) -> impl Iterator<Item = SimulcastId<'a>> + use<'a> {
        self.alternatives.split(',').map(|id| match id.strip_prefix('~') {
            Some(rid) => SimulcastId { rid, paused: true },
            None => SimulcastId { rid: id, paused: false },
        })
    }
}

/// Parses an `a=simulcast` value.
pub(super) fn parse(value: &str) -> Result<Simulcast<'_>, FieldError<'_>> {
    complete(value, simulcast)
}

/// a=simulcast:send h;m;~l recv r
fn simulcast(i: &str) -> PResult<'_, Simulcast<'_>> {
    let (i, first) = direction_list(i, None)?;
    let (i, has_second) = more("`send` or `recv`")(i)?;
    if !has_second {
        return Ok((i, Simulcast { first, second: None }));
    }
    let (i, second) = direction_list(i, Some(first.direction))?;
    Ok((i, Simulcast { first, second: Some(second) }))
}

/// send h;m;~l
fn direction_list(i: &str, not: Option<RidDirection>) -> PResult<'_, SimulcastList<'_>> {
    let what = match not {
        None => "`send` or `recv`",
        Some(RidDirection::Send) => "`recv` (`send` is already given)",
        Some(RidDirection::Recv) => "`send` (`recv` is already given)",
    };
    let (i, name) = word(is_token_char, &[], what)(i)?;
    let direction = match RidDirection::from_name(name) {
        Some(d) if Some(d) != not => d,
        _ => return Err(expected(name, what)),
    };
    let (i, _) = sp("simulcast streams")(i)?;
    let (i, streams) = char_list(';', char_list(',', sc_id))(i)?;
    Ok((i, SimulcastList { direction, streams }))
}

/// `~l`
fn sc_id(i: &str) -> PResult<'_, &str> {
    rid_id(i.strip_prefix('~').unwrap_or(i))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::rid::RidDirection;
    use super::super::testing::{bad, ok};
    use super::{Simulcast, SimulcastId};
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};

    fn sc(value: &str) -> Simulcast<'_> {
        match ok("simulcast", value) {
            AttrValue::Simulcast(s) => s,
            other => panic!("{other:?}"),
        }
    }

    const RID: crate::parse::error::FieldErrorKind =
        Expected("RTP stream id (letters, digits, `-`, `_`)");

    #[test]
    fn field_lines_parse() {
        // Chrome / Firefox offers
        let s = sc("send h;m;l");
        assert_eq!(s.send().map(|l| l.streams().count()), Some(3));
        assert_eq!(s.recv(), None);
        let s = sc("recv q;h;f");
        assert_eq!(s.first.direction, RidDirection::Recv);
        // RFC 8853 examples: alternatives, paused streams, both directions.
        let s = sc("send 1,2;3 recv 4");
        let send = s.send().unwrap();
        assert_eq!(send.streams().next().map(|st| st.ids().count()), Some(2));
        assert_eq!(s.recv().map(|l| l.ids().count()), Some(1));
        let s = sc("recv 1;~2 send 3");
        assert_eq!(
            s.recv().unwrap().ids().collect::<Vec<_>>(),
            [SimulcastId { rid: "1", paused: false }, SimulcastId { rid: "2", paused: true }]
        );
    }

    #[test]
    fn malformed_values() {
        assert_eq!(bad("simulcast", ""), (0, "", Expected("`send` or `recv`")));
        assert_eq!(bad("simulcast", "sendrecv a"), (0, "sendrecv", Expected("`send` or `recv`")));
        assert_eq!(bad("simulcast", "send"), (4, "", Expected("simulcast streams")));
        assert_eq!(bad("simulcast", "send "), (5, "", RID));
        assert_eq!(bad("simulcast", "send a;"), (7, "", RID));
        assert_eq!(bad("simulcast", "send a;;b"), (7, ";", RID));
        assert_eq!(bad("simulcast", "send a,,b"), (7, ",", RID));
        assert_eq!(bad("simulcast", "send ~"), (6, "", RID));
        assert_eq!(bad("simulcast", "send ~~a"), (6, "~", RID));
        assert_eq!(bad("simulcast", "send a "), (6, " ", Trailing));
        assert_eq!(
            bad("simulcast", "send a send b"),
            (7, "send", Expected("`recv` (`send` is already given)"))
        );
        assert_eq!(
            bad("simulcast", "recv a recv b"),
            (7, "recv", Expected("`send` (`recv` is already given)"))
        );
        assert_eq!(bad("simulcast", "send a recv b send c"), (13, " send c", Trailing));
        // draft-ietf-mmusic-sdp-simulcast before RFC 8853 (old Firefox).
        assert_eq!(bad("simulcast", " send rid=a;b"), (0, " ", Expected("`send` or `recv`")));
        assert_eq!(bad("simulcast", "send rid=a;b"), (8, "=", RID));
    }
}
