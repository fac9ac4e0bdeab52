//! A deterministic random source for property tests (xorshift64*), so a
//! failure reproduces from its seed. Tests only.

/// xorshift64* from a seed.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        (self.bits() >> 33) as u32 % n
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below(high - low + 1)
    }

    /// True `p` times in a hundred.
    pub fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p
    }

    /// One of `from`.
    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.bits() % from.len() as u64) as usize]
    }
}
