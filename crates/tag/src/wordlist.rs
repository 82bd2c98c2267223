//! Membership in the short fixed word lists that the rules consult at nearly every token
//! (stop words, connectors, family names).

// PERF: a packed word is found in an open-addressed table of integers in one or two
// probes, where a binary search over strings made about seven memcmp calls and a linear
// `contains` compared up to twenty strings (callgrind on examples/tag_dir.rs).

use crate::lexicon::{WordSet, load16};

/// A set of packed words (never zero) in an open-addressed table.
pub(crate) struct PackedWords {
    keys: Box<[u128]>,
    shift: u32,
}

impl PackedWords {
    /// The set of `keys`; zero keys are left out (zero marks an empty slot).
    pub(crate) fn new(keys: impl IntoIterator<Item = u128>) -> PackedWords {
        let keys: Vec<u128> = keys.into_iter().filter(|&k| k != 0).collect();
        // About four slots per key, so probes stay short.
        let size = (keys.len() * 4).next_power_of_two().max(16);
        let mut t = PackedWords {
            keys: vec![0; size].into_boxed_slice(),
            shift: 64 - size.trailing_zeros(),
        };
        for k in keys {
            let mut i = t.slot(k);
            while t.keys[i] != 0 && t.keys[i] != k {
                i = (i + 1) & (size - 1);
            }
            t.keys[i] = k;
        }
        t
    }

    #[inline]
    fn slot(&self, k: u128) -> usize {
        let h =
            ((k as u64) ^ ((k >> 64) as u64).rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> self.shift) as usize
    }

    #[inline]
    pub(crate) fn contains(&self, k: u128) -> bool {
        if k == 0 {
            return false;
        }
        let mask = self.keys.len() - 1;
        let mut i = self.slot(k);
        loop {
            let here = self.keys[i];
            if here == k {
                return true;
            }
            if here == 0 {
                return false;
            }
            i = (i + 1) & mask;
        }
    }
}

/// A word of one to fifteen bytes with its length ([`WordSet::pack`]), exact; zero (in
/// no set) for other words.
#[inline]
pub(crate) fn exact_key(w: &str) -> u128 {
    WordSet::pack(w).unwrap_or(0)
}

/// A word of one to eight bytes, zero-padded, without its length: a trailing NUL byte
/// does not count ("A\0" is "A"); zero for other words.
#[inline]
pub(crate) fn padded_key(w: &str) -> u128 {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return 0;
    }
    load16(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_its_words() {
        let words = ["of", "de", "al", "Zhang", "fifteen-letters", "y"];
        let t = PackedWords::new(words.iter().map(|w| exact_key(w)));
        for w in words {
            assert!(t.contains(exact_key(w)), "{w}");
        }
        for w in [
            "",
            "o",
            "off",
            "De",
            "Zhan",
            "sixteen-letters!",
            "y\0",
            "\0",
        ] {
            assert!(!t.contains(exact_key(w)), "{w:?}");
        }
        let p = PackedWords::new(["A", "The"].iter().map(|w| padded_key(w)));
        assert!(p.contains(padded_key("A\0")) && p.contains(padded_key("The")));
        assert!(!p.contains(padded_key("\0")) && !p.contains(padded_key("")));
    }
}
