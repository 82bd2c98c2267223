//! The record's JSON line, written by hand: byte for byte what `serde_json` writes
//! for the derived `Serialize` (a property test holds the two together), about twice
//! as fast, since serialising is a tenth of a pipeline run's instructions and most of
//! the bytes are document text that needs no escaping.

use crate::{Entity, Record, Relation, Span};

pub(crate) fn write_record(r: &Record, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"schema\":");
    write_uint(out, u64::from(r.schema));
    out.extend_from_slice(b",\"id\":");
    write_str(out, &r.id);
    write_present(out, b",\"title\":", r.title.as_deref());
    write_present(out, b",\"text\":", r.text.as_deref());
    out.extend_from_slice(b",\"sentences\":");
    write_spans(out, &r.sentences);
    if let Some(t) = &r.tokens {
        out.extend_from_slice(b",\"tokens\":");
        write_spans(out, t);
    }
    out.extend_from_slice(b",\"entities\":");
    write_array(out, &r.entities, write_entity);
    out.extend_from_slice(b",\"relations\":");
    write_array(out, &r.relations, write_relation);
    out.extend_from_slice(b",\"warnings\":");
    write_array(out, &r.warnings, |out, w| write_str(out, w));
    out.extend_from_slice(b",\"error\":");
    write_opt_str(out, r.error.as_deref());
    out.push(b'}');
}

fn write_entity(out: &mut Vec<u8>, e: &Entity) {
    out.extend_from_slice(b"{\"id\":");
    write_uint(out, u64::from(e.id.0));
    out.extend_from_slice(b",\"start\":");
    write_uint(out, e.start as u64);
    out.extend_from_slice(b",\"end\":");
    write_uint(out, e.end as u64);
    out.extend_from_slice(b",\"label\":\"");
    out.extend_from_slice(e.label.as_str().as_bytes());
    out.extend_from_slice(b"\",\"text\":");
    write_str(out, &e.text);
    write_present(out, b",\"canonical\":", e.canonical.as_deref());
    write_present(out, b",\"country\":", e.country.as_deref());
    out.push(b'}');
}

fn write_relation(out: &mut Vec<u8>, r: &Relation) {
    out.extend_from_slice(b"{\"label\":\"");
    out.extend_from_slice(r.label.as_str().as_bytes());
    out.extend_from_slice(b"\",\"head\":");
    write_uint(out, u64::from(r.head.0));
    out.extend_from_slice(b",\"tail\":");
    write_uint(out, u64::from(r.tail.0));
    out.extend_from_slice(b",\"trigger\":");
    write_opt_str(out, r.trigger.as_deref());
    out.extend_from_slice(b",\"evidence\":");
    write_span(out, r.evidence);
    out.extend_from_slice(b",\"pattern\":");
    write_str(out, &r.pattern);
    out.extend_from_slice(b",\"confidence\":");
    // One number per relation: serde_json's own float formatting (shortest
    // round-trip digits, `null` for NaN and infinities) keeps the lines identical.
    if serde_json::to_writer(&mut *out, &r.confidence).is_err() {
        out.extend_from_slice(b"null");
    }
    out.push(b'}');
}

fn write_spans(out: &mut Vec<u8>, spans: &[Span]) {
    write_array(out, spans, |out, &s| write_span(out, s));
}

fn write_array<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

fn write_span(out: &mut Vec<u8>, s: Span) {
    out.extend_from_slice(b"{\"start\":");
    write_uint(out, s.start as u64);
    out.extend_from_slice(b",\"end\":");
    write_uint(out, s.end as u64);
    out.push(b'}');
}

/// A field serde skips when it is `None`: its key and value, or nothing.
fn write_present(out: &mut Vec<u8>, key: &[u8], s: Option<&str>) {
    if let Some(s) = s {
        out.extend_from_slice(key);
        write_str(out, s);
    }
}

fn write_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_uint(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes in `w` must be escaped: a control byte (< 0x20),
/// `"` or `\` (the "has a byte less than" and "has a zero byte" word tricks, exact
/// about whether there is one, not about which).
#[inline]
fn needs_escape(w: u64) -> bool {
    let zero = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    (w.wrapping_sub(LOW * 0x20) & !w & HIGH)
        | zero(w ^ (LOW * u64::from(b'"')))
        | zero(w ^ (LOW * u64::from(b'\\')))
        != 0
}

/// A JSON string as serde_json writes it: `"` and `\` backslashed, `\b \f \n \r \t`
/// short, other control characters `\u00xx`, everything else (non-ASCII too) as is.
fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // PERF: eight bytes at a time past the plain stretches, which are nearly all of a
    // document's text.
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(b.len());
        while i < end {
            let c = b[i];
            let esc: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0..=0x1f => &[],
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(&b[start..i]);
            if esc.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xf)]);
            } else {
                out.extend_from_slice(esc);
            }
            i += 1;
            start = i;
        }
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let all: String = (0u8..=0x7f).map(char::from).collect();
        for s in [
            "",
            "plain text that runs past eight bytes",
            "tab\there \"quoted\" back\\slash",
            "é “curly” Ω 😀 \u{7f}\u{80}\u{a0}\u{2028}",
            &all,
        ] {
            let mut ours = Vec::new();
            write_str(&mut ours, s);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn integers_are_decimal() {
        for n in [0, 7, 10, 99, 100, 65_535, u64::from(u32::MAX), u64::MAX] {
            let mut ours = Vec::new();
            write_uint(&mut ours, n);
            assert_eq!(ours, n.to_string().as_bytes());
        }
    }
}
