//! Who sent a webhook, for the signature-failure budget. Behind a reverse
//! proxy every request comes from the proxy, so one attacker would spend
//! everyone's budget; `X-Forwarded-For` names the client, but anyone can write
//! that header. So it is believed only when the peer is a configured trusted
//! proxy, and read from the right: the last address a trusted proxy did not
//! add is the client (entries further left are the client's own claims).

use crate::config::IpCidr;
use axum::http::HeaderMap;
use std::net::IpAddr;

pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpCidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let mut hops: Vec<IpAddr> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            return peer;
        };
        for part in text.split(',') {
            match part.trim().parse() {
                Ok(ip) => hops.push(ip),
                // A hop we cannot read: trust nothing beyond our own proxy.
                Err(_) => return peer,
            }
        }
    }
    let mut client = peer;
    for ip in hops.into_iter().rev() {
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).expect("value"));
        h
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = [IpCidr::parse("10.0.0.0/8").expect("cidr")];
        assert_eq!(
            client_ip(ip("203.0.113.9"), &xff("198.51.100.1"), &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &xff("198.51.100.1"), &[]),
            ip("10.0.0.2"),
            "no trusted proxies configured"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_last_untrusted_hop_is_the_client() {
        let trusted = [
            IpCidr::parse("10.0.0.0/8").expect("cidr"),
            IpCidr::parse("127.0.0.1").expect("cidr"),
        ];
        // The client forged the first entry; the proxy appended the real one.
        assert_eq!(
            client_ip(ip("127.0.0.1"), &xff("1.2.3.4, 198.51.100.7"), &trusted),
            ip("198.51.100.7")
        );
        // Two proxies: the inner one's address is skipped.
        assert_eq!(
            client_ip(ip("127.0.0.1"), &xff("198.51.100.7, 10.0.0.3"), &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &HeaderMap::new(), &trusted),
            ip("127.0.0.1"),
            "no header: the proxy itself"
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &xff("not-an-ip"), &trusted),
            ip("127.0.0.1"),
            "unreadable header: the proxy itself"
        );
    }
}
