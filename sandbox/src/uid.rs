//! The uids of stacks and jobs: 32 hex characters, like the real service's, derived from a
//! seed string so that every start (and every build) gives the same ones.

/// 32 hex characters derived from `seed`: stable across starts and builds, and as different
/// from each other as real uids even for seeds that differ by one character.
pub fn hex_uid(seed: &str) -> String {
    fn fnv1a(bytes: &[u8], basis: u64) -> u64 {
        bytes.iter().fold(basis, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }
    /// splitmix64's finaliser: spreads every input bit over the whole output.
    fn mix(mut value: u64) -> u64 {
        value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        value ^ (value >> 31)
    }
    let hash = fnv1a(seed.as_bytes(), 0xcbf2_9ce4_8422_2325);
    let high = mix(hash);
    let low = mix(hash ^ 0x9e37_79b9_7f4a_7c15);
    format!("{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_32_hex_and_differ_for_seeds_one_character_apart() {
        let (a, b) = (hex_uid("stack:Fleet 01"), hex_uid("stack:Fleet 02"));
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(
            hex_uid("stack:Acme Staging"),
            "a0db7932995ade53c3fd1d447b8856ec"
        );
    }
}
