//! 吊销状态列表 — W3C Bitstring Status List v1.0: one bit per issued credential (0 valid,
//! 1 revoked or suspended, by the list's purpose), published as the `encodedList` of a status list
//! credential. Pure.
//!
//! ```text
//!   index   0 1 2 3 4 5 6 7   8 9 …                 encodedList = 'u' + base64url-no-pad(
//!   byte    ├──── byte 0 ───┤ ├── byte 1 …              GZIP(bitstring))
//!   mask    80 40 20 10 8 4 2 1   80 …
//! ```
//!
//! Index 0 is the left-most bit (§2.2), read as the most significant bit of byte 0 (mask 0x80),
//! the usual meaning and what other implementations do. Lists hold at least [`MIN_BITS`] entries
//! (16 KB), the size that gives holders group privacy. Only `statusSize` 1 is supported: the
//! status of entry `i` is bit `i`.

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use flate2::Compression;
use flate2::bufread::MultiGzDecoder;
use flate2::write::GzEncoder;
use std::collections::BTreeSet;
use std::io::{Read, Write};

/// The fewest entries a list may have (§2.2, §3.2: 16 KB uncompressed).
pub const MIN_BITS: usize = 131_072;

/// The largest uncompressed list read or written: 16 MiB, 134,217,728 entries, a thousand times
/// the minimum. A list comes from outside, and its GZIP can expand a thousandfold.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The longest `encodedList` decoded: base64 of [`MAX_BYTES`] stored uncompressed (deflate adds
/// 5 bytes per 64 KiB block, 1,280 bytes here, and gzip 18) with room to spare.
const MAX_ENCODED_LEN: usize = (MAX_BYTES + 4096).div_ceil(3) * 4;

/// base64url without padding as written; padding is tolerated on reading, nothing else is.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a list is not made or not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatusListError {
    /// Not multibase base64url: the `u` header is missing.
    #[error("encodedList must be multibase base64url (start with 'u')")]
    BadPrefix,
    #[error("encodedList is not valid base64url")]
    BadBase64,
    /// The GZIP stream is broken (header, data, CRC or length).
    #[error("encodedList is not a valid GZIP stream")]
    Gzip,
    /// Fewer than [`MIN_BITS`] entries (the spec's STATUS_LIST_LENGTH_ERROR).
    #[error("the status list has {bits} entries, fewer than the 131072 required")]
    TooShort { bits: u64 },
    /// More than [`MAX_BYTES`] uncompressed, to read or to write.
    #[error("the status list is larger than 16 MiB")]
    TooLarge,
    /// The index is past the end of the list (the spec's RANGE_ERROR).
    #[error("index {index} is outside the status list of {len_bits} entries")]
    IndexOutOfRange { index: u64, len_bits: u64 },
}

/// `encodedList`: GZIP, then multibase base64url without padding (`u…`), of a bitstring of
/// max([`MIN_BITS`], `len_bits` rounded up to a byte) bits with the indices in `set` set.
///
/// Errors: [`StatusListError::IndexOutOfRange`] for an index past the list (never silently
/// dropped: that would un-revoke a credential), [`StatusListError::TooLarge`] for a list over
/// [`MAX_BYTES`].
pub fn encode(set: &BTreeSet<u64>, len_bits: usize) -> Result<String, StatusListError> {
    let len_bytes = len_bits.max(MIN_BITS).div_ceil(8);
    if len_bytes > MAX_BYTES {
        return Err(StatusListError::TooLarge);
    }
    let len = len_bytes as u64 * 8;
    if let Some(&index) = set.last().filter(|&&i| i >= len) {
        return Err(StatusListError::IndexOutOfRange {
            index,
            len_bits: len,
        });
    }
    let mut bits = vec![0u8; len_bytes];
    for &i in set {
        // i < len ≤ 8 · MAX_BYTES, so i / 8 fits any usize.
        bits[(i / 8) as usize] |= 0x80 >> (i % 8);
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    let compressed = gz
        .write_all(&bits)
        .and_then(|()| gz.finish())
        .map_err(|_| StatusListError::Gzip)?; // writing to memory does not fail
    Ok(format!("u{}", BASE64URL.encode(compressed)))
}

/// The bit at `index` of an `encodedList` (true: set, i.e. revoked or suspended).
///
/// The list comes from outside, so it is read as a stream and never held: at most
/// [`MAX_BYTES`] + 1 bytes are inflated, through an 8 KiB buffer, however much the GZIP claims.
/// Errors for a bad prefix, bad base64, bad GZIP (several members are read as one stream, as
/// RFC 1952 allows), a list shorter than [`MIN_BITS`] or longer than [`MAX_BYTES`], or an index
/// out of range.
pub fn get(encoded: &str, index: u64) -> Result<bool, StatusListError> {
    let b64 = encoded
        .strip_prefix('u')
        .ok_or(StatusListError::BadPrefix)?;
    if b64.len() > MAX_ENCODED_LEN {
        return Err(StatusListError::TooLarge);
    }
    let compressed = BASE64URL
        .decode(b64)
        .map_err(|_| StatusListError::BadBase64)?;
    let mut inflated = MultiGzDecoder::new(compressed.as_slice()).take(MAX_BYTES as u64 + 1);
    let (byte, mask) = (index / 8, 0x80u8 >> (index % 8));
    let mut buf = [0u8; 8192];
    let (mut total, mut bit) = (0u64, None);
    loop {
        let n = inflated.read(&mut buf).map_err(|_| StatusListError::Gzip)?;
        if n == 0 {
            break;
        }
        let at = byte
            .checked_sub(total)
            .and_then(|at| usize::try_from(at).ok());
        if let Some(b) = at.and_then(|at| buf[..n].get(at)) {
            bit = Some(b & mask != 0);
        }
        total += n as u64;
    }
    if total > MAX_BYTES as u64 {
        return Err(StatusListError::TooLarge);
    }
    let len_bits = total * 8;
    if len_bits < MIN_BITS as u64 {
        return Err(StatusListError::TooShort { bits: len_bits });
    }
    bit.ok_or(StatusListError::IndexOutOfRange { index, len_bits })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Example 3 of the Recommendation (15 May 2025, §2.2): an all-valid list.
    const SPEC_EXAMPLE: &str =
        "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn encoded(gz: &[u8]) -> String {
        format!("u{}", BASE64URL.encode(gz))
    }

    /// The uncompressed bitstring of an `encodedList`, for looking at whole bytes in tests.
    fn bytes_of(encoded: &str) -> Vec<u8> {
        let gz = BASE64URL.decode(&encoded[1..]).unwrap();
        let mut out = Vec::new();
        MultiGzDecoder::new(gz.as_slice())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn spec_example_is_all_valid() {
        // 131,072 bits = 16,384 zero bytes.
        assert_eq!(bytes_of(SPEC_EXAMPLE), vec![0u8; 16_384]);
        for i in [0, 1, 94_567, 131_071] {
            assert_eq!(get(SPEC_EXAMPLE, i), Ok(false));
        }
        assert_eq!(
            get(SPEC_EXAMPLE, 131_072),
            Err(StatusListError::IndexOutOfRange {
                index: 131_072,
                len_bits: 131_072
            })
        );
        assert_eq!(
            get(SPEC_EXAMPLE, u64::MAX),
            Err(StatusListError::IndexOutOfRange {
                index: u64::MAX,
                len_bits: 131_072
            })
        );
        // Ours has the same shape: gzip's 1f 8b 08 is base64 "H4sI".
        let empty = encode(&BTreeSet::new(), 0).unwrap();
        assert!(empty.starts_with("uH4sI"), "{empty}");
        assert_eq!(bytes_of(&empty), vec![0u8; 16_384]);
    }

    #[test]
    fn bits_read_back_msb_first() {
        let set = BTreeSet::from([0, 7, 8, 131_071]);
        let list = encode(&set, MIN_BITS).unwrap();
        let bytes = bytes_of(&list);
        assert_eq!(bytes.len(), 16_384);
        // Bits 0 and 7: 1000_0001 = 0x81; bit 8: 0x80; bit 131,071 = 16,383 · 8 + 7: 0x01.
        assert_eq!((bytes[0], bytes[1], bytes[2]), (0x81, 0x80, 0x00));
        assert_eq!(bytes[16_383], 0x01);
        assert_eq!(bytes.iter().map(|b| b.count_ones()).sum::<u32>(), 4);
        for i in [0, 7, 8, 131_071] {
            assert_eq!(get(&list, i), Ok(true), "{i}");
        }
        for i in [1, 6, 9, 15, 16, 131_070] {
            assert_eq!(get(&list, i), Ok(false), "{i}");
        }
    }

    #[test]
    fn lengths() {
        // Below the minimum: the minimum. 131,073 bits round up to 16,385 bytes = 131,080 bits.
        assert_eq!(
            bytes_of(&encode(&BTreeSet::new(), 10).unwrap()).len(),
            16_384
        );
        let list = encode(&BTreeSet::from([131_079]), 131_073).unwrap();
        assert_eq!(bytes_of(&list).len(), 16_385);
        assert_eq!(get(&list, 131_079), Ok(true));
        assert_eq!(
            encode(&BTreeSet::from([131_080]), 131_073),
            Err(StatusListError::IndexOutOfRange {
                index: 131_080,
                len_bits: 131_080
            })
        );
        assert_eq!(
            encode(&BTreeSet::from([u64::MAX]), MIN_BITS),
            Err(StatusListError::IndexOutOfRange {
                index: u64::MAX,
                len_bits: 131_072
            })
        );
        // 8 · MAX_BYTES bits is the largest list; one byte more is refused, not allocated.
        assert_eq!(
            encode(&BTreeSet::new(), MAX_BYTES * 8 + 1),
            Err(StatusListError::TooLarge)
        );
        assert_eq!(
            encode(&BTreeSet::new(), usize::MAX),
            Err(StatusListError::TooLarge)
        );
    }

    #[test]
    fn bad_lists_are_refused() {
        assert_eq!(get("", 0), Err(StatusListError::BadPrefix));
        assert_eq!(get(&SPEC_EXAMPLE[1..], 0), Err(StatusListError::BadPrefix));
        assert_eq!(
            get(&format!("z{}", &SPEC_EXAMPLE[1..]), 0),
            Err(StatusListError::BadPrefix)
        );
        assert_eq!(get("u!!!!", 0), Err(StatusListError::BadBase64));
        // Standard base64's '+' and '/' are not base64url.
        assert_eq!(get("uH4sI+AAA", 0), Err(StatusListError::BadBase64));
        assert_eq!(
            get(&encoded(b"not gzip at all"), 0),
            Err(StatusListError::Gzip)
        );
        // A broken CRC: the trailer's first byte flipped.
        let mut gz = gzip(&[0; 16_384]);
        let crc_at = gz.len() - 8;
        gz[crc_at] ^= 1;
        assert_eq!(get(&encoded(&gz), 0), Err(StatusListError::Gzip));
        // Cut short.
        let gz = gzip(&[0; 16_384]);
        assert_eq!(
            get(&encoded(&gz[..gz.len() - 4]), 0),
            Err(StatusListError::Gzip)
        );
        // Padding is tolerated.
        let padded = format!(
            "{SPEC_EXAMPLE}{}",
            "=".repeat((4 - (SPEC_EXAMPLE.len() - 1) % 4) % 4)
        );
        assert_eq!(get(&padded, 0), Ok(false));
        // One byte short of the minimum: 16,383 · 8 = 131,064 bits (STATUS_LIST_LENGTH_ERROR).
        assert_eq!(
            get(&encoded(&gzip(&[0; 16_383])), 0),
            Err(StatusListError::TooShort { bits: 131_064 })
        );
        assert_eq!(
            get(&encoded(&gzip(&[])), 0),
            Err(StatusListError::TooShort { bits: 0 })
        );
        // Too long to be worth decoding.
        let huge = format!("u{}", "A".repeat(MAX_ENCODED_LEN + 1));
        assert_eq!(get(&huge, 0), Err(StatusListError::TooLarge));
    }

    /// A bomb: 1 GiB of zeros in about 1 MB of GZIP (1,024 members of 1 MiB each, as RFC 1952
    /// allows), its last member's CRC broken. `get` must stop at MAX_BYTES + 1 with TooLarge;
    /// a reader that inflated it all would hold a gigabyte and then fail on the CRC instead.
    #[test]
    fn decompression_bomb_is_refused_at_the_bound() {
        let member = gzip(&vec![0; 1 << 20]);
        let mut bomb = member.repeat(1024);
        let crc_at = bomb.len() - 8;
        bomb[crc_at] ^= 1;
        assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
        assert_eq!(get(&encoded(&bomb), 0), Err(StatusListError::TooLarge));
        // The bound itself: exactly 16 MiB is a list; one byte more is not.
        let at_bound = member.repeat(16);
        assert_eq!(get(&encoded(&at_bound), 0), Ok(false));
        let mut past = at_bound;
        past.extend_from_slice(&gzip(&[0]));
        assert_eq!(get(&encoded(&past), 0), Err(StatusListError::TooLarge));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// What is set reads back set, everything else unset, and past the end is out of range.
        #[test]
        fn round_trip(
            extra in 0usize..1_000,
            picks in prop::collection::vec(any::<prop::sample::Index>(), 0..20),
            probes in prop::collection::vec(any::<prop::sample::Index>(), 0..20),
        ) {
            let len_bits = MIN_BITS + extra;
            let len = len_bits.div_ceil(8) as u64 * 8;
            let set: BTreeSet<u64> = picks.iter().map(|p| p.index(len as usize) as u64).collect();
            let list = encode(&set, len_bits).unwrap();
            prop_assert!(list.starts_with("uH4sI"));
            for &i in &set {
                prop_assert_eq!(get(&list, i), Ok(true));
            }
            for p in &probes {
                let i = p.index(len as usize) as u64;
                prop_assert_eq!(get(&list, i), Ok(set.contains(&i)));
            }
            prop_assert_eq!(
                get(&list, len),
                Err(StatusListError::IndexOutOfRange { index: len, len_bits: len })
            );
        }

        /// Nothing from outside makes `get` panic.
        #[test]
        fn never_panics(s in "\\PC{0,80}", bytes in prop::collection::vec(any::<u8>(), 0..200), index in any::<u64>()) {
            let _ = get(&s, index);
            let _ = get(&format!("u{s}"), index);
            let _ = get(&encoded(&bytes), index);
            let mut gz = gzip(&bytes);
            if let Some(b) = gz.get_mut(bytes.len() % 40) {
                *b ^= 0x55;
            }
            let _ = get(&encoded(&gz), index);
        }
    }
}
