//! `inet` and `cidr`: an address with its prefix length, kept whole (decoding `inet`
//! into a bare `IpAddr` would drop a netmask such as `/24`).

use crate::error::BoxError;
use bytes::{BufMut, BytesMut};
use postgres_types::{FromSql, IsNull, ToSql, Type};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An `inet` or `cidr` value: `192.168.0.1/24`, `10.0.0.0/8`, `::1/128`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Inet {
    /// The address.
    pub addr: IpAddr,
    /// The prefix length in bits (32 or 128 for a single host).
    pub prefix: u8,
}

impl Inet {
    /// An address with a prefix length.
    pub fn new(addr: IpAddr, prefix: u8) -> Self {
        Self { addr, prefix }
    }
}

impl From<IpAddr> for Inet {
    /// A single host: the full prefix length.
    fn from(addr: IpAddr) -> Self {
        let prefix = if addr.is_ipv4() { 32 } else { 128 };
        Self { addr, prefix }
    }
}

impl std::fmt::Display for Inet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

// PostgreSQL's own address-family codes in the binary format.
const PGSQL_AF_INET: u8 = 2;
const PGSQL_AF_INET6: u8 = 3;

impl<'a> FromSql<'a> for Inet {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let [family, prefix, _is_cidr, len, addr @ ..] = raw else { return Err("inet value too short".into()) };
        let addr = match (*family, usize::from(*len), addr) {
            (PGSQL_AF_INET, 4, a) if a.len() == 4 => IpAddr::V4(Ipv4Addr::new(a[0], a[1], a[2], a[3])),
            (PGSQL_AF_INET6, 16, a) if a.len() == 16 => {
                let octets: [u8; 16] = a.try_into()?;
                IpAddr::V6(Ipv6Addr::from(octets))
            }
            _ => return Err("malformed inet value".into()),
        };
        Ok(Inet { addr, prefix: *prefix })
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::INET || *ty == Type::CIDR
    }
}

impl ToSql for Inet {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self.addr {
            IpAddr::V4(a) => {
                out.put_slice(&[PGSQL_AF_INET, self.prefix, u8::from(*ty == Type::CIDR), 4]);
                out.put_slice(&a.octets());
            }
            IpAddr::V6(a) => {
                out.put_slice(&[PGSQL_AF_INET6, self.prefix, u8::from(*ty == Type::CIDR), 16]);
                out.put_slice(&a.octets());
            }
        }
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::INET || *ty == Type::CIDR
    }
    postgres_types::to_sql_checked!();
}
