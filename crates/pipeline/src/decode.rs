//! Bytes to text: BOMs, UTF-16, invalid UTF-8 and binary files.

/// The text of a file, and the repairs made to get it.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// One message per repair (empty for an ordinary UTF-8 file).
    pub warnings: Vec<String>,
}

/// Decodes a file's bytes. A UTF-8 BOM is removed; UTF-16 with a BOM is decoded;
/// invalid UTF-8 is replaced with U+FFFD. Each repair is named in `warnings`.
/// Files with NUL bytes that are not UTF-16 are refused as binary.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, String> {
    let mut warnings = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        warnings.push("removed a UTF-8 byte-order mark".to_owned());
        return Ok(finish_utf8(rest.to_vec(), warnings));
    }
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(true),
        Some([0xFE, 0xFF]) => Some(false),
        _ => None,
    };
    if let Some(le) = utf16 {
        let body = &bytes[2..];
        let units = body.chunks(2).map(|c| match (c, le) {
            ([a, b], true) => u16::from_le_bytes([*a, *b]),
            ([a, b], false) => u16::from_be_bytes([*a, *b]),
            // An odd trailing byte cannot be a code unit.
            _ => 0xFFFD,
        });
        let mut bad = body.len() % 2;
        let text: String = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    bad += 1;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        warnings.push(format!(
            "decoded from UTF-16{} (byte-order mark)",
            if le { "LE" } else { "BE" }
        ));
        if bad > 0 {
            warnings.push(format!(
                "replaced {bad} invalid UTF-16 sequence(s) with U+FFFD"
            ));
        }
        return Ok(Decoded { text, warnings });
    }
    if let Some(at) = memchr_nul(&bytes) {
        return Err(format!(
            "looks binary: NUL byte at offset {at}; not a text document"
        ));
    }
    Ok(finish_utf8(bytes, warnings))
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == 0)
}

fn finish_utf8(bytes: Vec<u8>, mut warnings: Vec<String>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, warnings },
        Err(e) => {
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let bad = text.matches(char::REPLACEMENT_CHARACTER).count()
                - count_real_replacement_chars(&bytes);
            warnings.push(format!(
                "replaced {bad} invalid UTF-8 sequence(s) with U+FFFD"
            ));
            Decoded { text, warnings }
        }
    }
}

/// U+FFFD characters that were already in the file, encoded correctly.
fn count_real_replacement_chars(bytes: &[u8]) -> usize {
    bytes
        .windows(3)
        .filter(|w| *w == "\u{FFFD}".as_bytes())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_is_untouched() {
        let d = decode("Baku’s port".as_bytes().to_vec()).unwrap();
        assert_eq!(d.text, "Baku’s port");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn bom_removed() {
        let d = decode(b"\xEF\xBB\xBFHi".to_vec()).unwrap();
        assert_eq!(d.text, "Hi");
        assert_eq!(d.warnings, ["removed a UTF-8 byte-order mark"]);
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hé".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Hé".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(le).unwrap().text, "Hé");
        let d = decode(be).unwrap();
        assert_eq!(d.text, "Hé");
        assert!(d.warnings[0].contains("UTF-16BE"));
    }

    #[test]
    fn invalid_utf8_replaced_and_counted() {
        let d = decode(b"a\xFFb\xFEc \xEF\xBF\xBD".to_vec()).unwrap();
        assert_eq!(d.text, "a\u{FFFD}b\u{FFFD}c \u{FFFD}");
        assert_eq!(
            d.warnings,
            ["replaced 2 invalid UTF-8 sequence(s) with U+FFFD"]
        );
    }

    #[test]
    fn nul_is_binary() {
        let e = decode(b"PK\x03\x04\x00\x00".to_vec()).unwrap_err();
        assert!(e.contains("binary"), "{e}");
    }
}
