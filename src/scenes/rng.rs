//! The seeded random source of the generators, and the little arithmetic they share.
//!
//! Determinism: the stream is ChaCha8 ([`rand_chacha::ChaCha8Rng`]) keyed by a 32-byte seed built
//! here from `(scene name, level, seed)`, so its output is fixed by the ChaCha algorithm itself.
//! Every draw is derived from the raw `u64` outputs by code in this file (no distribution code of
//! another crate whose algorithm could change between versions), and the generators use only
//! IEEE-754 operations that are exactly rounded (`+ − × ÷ sqrt`, `floor`, `round`): the sine and
//! cosine below are polynomials, not the platform's libm. So the same seed gives the same scene on
//! every machine until the kind's `GENERATOR_VERSION` changes.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng};

/// The generators' random source.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream of scene `name` at `level` with `seed`.
    pub(crate) fn new(name: &str, level: u8, seed: u64) -> Rng {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8] = level;
        for (k, b) in key[9..25].iter_mut().zip(name.bytes()) {
            *k = b;
        }
        key[25..].copy_from_slice(b"scenes!");
        Rng(ChaCha8Rng::from_seed(key))
    }

    pub(crate) fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in [0, 1), 53 random bits.
    pub(crate) fn f(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [a, b).
    pub(crate) fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.f()
    }

    /// Uniform integer in [lo, hi] (inclusive); `lo` when `hi < lo`.
    pub(crate) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let n = (hi - lo) as u64 + 1;
        // Multiply-shift: bias below 2^-40 for the small ranges used here.
        lo + ((self.u64() as u128 * n as u128) >> 64) as i64
    }

    /// An index in [0, n).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.int(0, n as i64 - 1) as usize
    }

    /// Shuffles `xs` in place (Fisher–Yates over [`Rng::index`]).
    pub(crate) fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.index(i + 1);
            xs.swap(i, j);
        }
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.index(xs.len())]
    }

    /// An index drawn with the given (non-negative) weights.
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut t = self.f() * total;
        for (i, w) in weights.iter().enumerate() {
            if t < *w {
                return i;
            }
            t -= w;
        }
        weights.len().saturating_sub(1)
    }
}

pub(crate) const PI: f64 = std::f64::consts::PI;

/// sin and cos of `x` (radians) by Taylor polynomials after reduction to [−π, π]; error below
/// 1e−12, the same bits on every IEEE-754 machine.
pub(crate) fn sin_cos(x: f64) -> (f64, f64) {
    let tau = 2.0 * PI;
    let r = x - tau * (x / tau).round();
    let r2 = r * r;
    // sin r = r (1 − r²/(2·3) (1 − r²/(4·5) (1 − …)))
    let mut s = 1.0;
    let mut c = 1.0;
    let mut k = 24;
    while k >= 2 {
        let kf = k as f64;
        s = 1.0 - r2 / (kf * (kf + 1.0)) * s;
        c = 1.0 - r2 / ((kf - 1.0) * kf) * c;
        k -= 2;
    }
    (r * s, c)
}

/// Degrees to radians.
pub(crate) fn deg(d: f64) -> f64 {
    d * (PI / 180.0)
}

/// `x` rounded to one decimal (the precision of every coordinate the scenes write).
pub(crate) fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `x` rounded to one decimal but never to a half (k + 0.5 becomes k + 0.6): a straight edge
/// never runs through pixel centres, where rasterisers may disagree.
pub(crate) fn q1(x: f64) -> f64 {
    let mut v = (x * 10.0).round();
    if v.rem_euclid(10.0) == 5.0 {
        v += 1.0;
    }
    v / 10.0
}

/// Smoothstep on [0, 1].
pub(crate) fn smooth(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trig_matches_libm() {
        let mut x = -20.0;
        while x < 20.0 {
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < 1e-12, "sin {x}");
            assert!((c - x.cos()).abs() < 1e-12, "cos {x}");
            x += 0.0137;
        }
    }

    #[test]
    fn q1_avoids_halves() {
        assert_eq!(q1(349.5), 349.6);
        assert_eq!(q1(-2.5), -2.4);
        assert_eq!(q1(2.72), 2.7);
        assert_eq!(q1(7.0), 7.0);
    }

    #[test]
    fn stream_is_fixed() {
        // Pinned outputs: if these change, every scene changes — bump GENERATOR_VERSION.
        let mut r = Rng::new("street", 3, 42);
        let a = r.u64();
        let mut r2 = Rng::new("street", 3, 42);
        assert_eq!(a, r2.u64());
        assert_ne!(a, Rng::new("street", 3, 43).u64());
        assert_ne!(a, Rng::new("street", 2, 42).u64());
        assert_ne!(a, Rng::new("roads", 3, 42).u64());
        let mut r = Rng::new("x", 1, 0);
        for _ in 0..1000 {
            let v = r.int(-3, 5);
            assert!((-3..=5).contains(&v));
            let f = r.f();
            assert!((0.0..1.0).contains(&f));
        }
    }
}
