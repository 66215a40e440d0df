//! Link layers → the offset of the IP header in a frame.
//!
//! Parsed by hand: each is a fixed header plus, for Ethernet, VLAN tags.
//! The link types are the pcap LINKTYPE_ values (tcpdump.org/linktypes.html).

/// Why a frame carries no IP packet we read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Skip {
    /// ARP, LLDP, a truncated link header...: nothing to say.
    NotIp,
    /// A link type this reader does not decode.
    Unsupported,
}

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;
/// 802.1Q, 802.1ad (Q-in-Q) and the older 0x9100 Q-in-Q tag.
const VLAN_TAGS: [u16; 3] = [0x8100, 0x88a8, 0x9100];
/// More stacked VLAN tags than this is not a real frame.
const MAX_VLAN_TAGS: usize = 4;

fn be16(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at + 2)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn ethertype_ip(ethertype: u16, at: usize) -> Result<usize, Skip> {
    if ethertype == ETHERTYPE_IPV4 || ethertype == ETHERTYPE_IPV6 {
        Ok(at)
    } else {
        Err(Skip::NotIp)
    }
}

/// Where the IP header starts in a frame of link type `linktype`.
pub(crate) fn ip_start(linktype: i32, data: &[u8]) -> Result<usize, Skip> {
    match linktype {
        // LINKTYPE_ETHERNET: destination, source, EtherType, VLAN tags.
        1 => {
            let mut at = 12;
            let mut ethertype = be16(data, at).ok_or(Skip::NotIp)?;
            for _ in 0..MAX_VLAN_TAGS {
                if !VLAN_TAGS.contains(&ethertype) {
                    break;
                }
                at += 4;
                ethertype = be16(data, at).ok_or(Skip::NotIp)?;
            }
            ethertype_ip(ethertype, at + 2)
        }
        // LINKTYPE_LINUX_SLL: packet type, ARPHRD, address length, 8-byte
        // address, protocol (an EtherType for IP).
        113 => ethertype_ip(be16(data, 14).ok_or(Skip::NotIp)?, 16),
        // LINKTYPE_LINUX_SLL2: protocol first, then reserved, interface
        // index, ARPHRD, packet type, address length, 8-byte address.
        276 => ethertype_ip(be16(data, 0).ok_or(Skip::NotIp)?, 20),
        // LINKTYPE_RAW (and DLT_RAW's values 12 and 14 on some systems),
        // LINKTYPE_IPV4, LINKTYPE_IPV6: the packet is the IP packet.
        101 | 12 | 14 | 228 | 229 => Ok(0),
        // LINKTYPE_NULL: a 4-byte address family in the capturing host's
        // byte order; LINKTYPE_LOOP: the same in network byte order.
        0 | 108 => {
            let b = data.get(..4).ok_or(Skip::NotIp)?;
            let le = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let be = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD,
            // OpenBSD), 28 (FreeBSD), 30 (macOS).
            let ip = |f: u32| matches!(f, 2 | 10 | 24 | 28 | 30);
            if (linktype == 0 && (ip(le) || ip(be))) || (linktype == 108 && ip(be)) {
                Ok(4)
            } else {
                Err(Skip::NotIp)
            }
        }
        _ => Err(Skip::Unsupported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethernet_with_stacked_vlans() {
        let mut f = vec![0; 12];
        f.extend([0x88, 0xa8, 0, 10, 0x81, 0x00, 0, 20, 0x08, 0x00, 0x45]);
        assert_eq!(ip_start(1, &f), Ok(22));
        assert_eq!(ip_start(1, &f[..13]), Err(Skip::NotIp));
    }

    #[test]
    fn cooked_and_loopback() {
        let mut sll2 = vec![0x86, 0xdd];
        sll2.resize(20, 0);
        assert_eq!(ip_start(276, &sll2), Ok(20));
        assert_eq!(ip_start(0, &[2, 0, 0, 0]), Ok(4));
        assert_eq!(ip_start(108, &[0, 0, 0, 30]), Ok(4));
        assert_eq!(ip_start(108, &[30, 0, 0, 0]), Err(Skip::NotIp));
        assert_eq!(ip_start(147, &[]), Err(Skip::Unsupported));
    }
}
