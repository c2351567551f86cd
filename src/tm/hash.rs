//! A stable 64-bit hash (FNV-1a) for what the TM stores: n-grams, contexts, identities.
//! Stored values must not change between builds, so `std`'s randomly seeded hashers are out.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// An FNV-1a hasher over byte strings; [`Fnv::field`] separates fields so `("ab","c")` and
/// `("a","bc")` differ.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    /// Feeds `bytes`.
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
        self
    }

    /// Feeds `s` followed by a separator byte that UTF-8 text never contains.
    pub fn field(self, s: &str) -> Self {
        self.bytes(s.as_bytes()).bytes(&[0xFF])
    }

    /// Feeds a number.
    pub fn u64(self, n: u64) -> Self {
        self.bytes(&n.to_le_bytes())
    }

    /// The hash as SQLite's signed integer.
    pub fn finish(self) -> i64 {
        self.0 as i64
    }
}

/// The hash of one string.
pub fn hash_str(s: &str) -> u64 {
    Fnv::default().bytes(s.as_bytes()).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_field_separated() {
        // FNV-1a test vector: "a" -> 0xaf63dc4c8601ec8c.
        assert_eq!(hash_str("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(
            Fnv::default().field("ab").field("c").finish(),
            Fnv::default().field("a").field("bc").finish()
        );
    }
}
