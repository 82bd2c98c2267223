//! Escaping for every output language. Everything that comes from the corpus goes
//! through one of these before it is written.

use std::fmt::Write as _;

/// Appends `s` escaped for HTML text and double- or single-quoted attribute values.
pub fn html_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `s` escaped for HTML.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    html_into(&mut out, s);
    out
}

/// JSON made safe inside `<script type="application/json">`: no `<`, `>` or `&`
/// can close the element or open a comment, and U+2028/2029 are escaped for old
/// parsers. The result is still the same JSON value.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    json_in_script_into(&mut out, json);
    out
}

/// [`json_in_script`], appended to `out`.
pub(crate) fn json_in_script_into(out: &mut String, json: &str) {
    // PERF: copies the runs between escapes whole (report/render_html_10k_summary).
    let bytes = json.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let (esc, len) = match b {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => ("\\u2028", 3),
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => ("\\u2029", 3),
            _ => continue,
        };
        // `i` starts a character (an ASCII byte or a lead byte), so both cuts are on
        // boundaries.
        out.push_str(&json[last..i]);
        out.push_str(esc);
        last = i + len;
    }
    out.push_str(&json[last..]);
}

/// `s` as a GraphViz double-quoted string, quotes included. Backslashes are doubled
/// so that `\N`, `\l` and friends in the corpus stay literal; line breaks become `\n`.
pub fn dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Appends one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
/// comma, a quote, a line break, or leading or trailing space.
pub fn csv_field_into(out: &mut String, s: &str) {
    let needs = s.contains([',', '"', '\n', '\r'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if !needs {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// Appends one CSV record and its CRLF.
pub fn csv_row_into(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field_into(out, f);
    }
    out.push_str("\r\n");
}

/// `s` escaped for a Markdown table cell: no pipe ends the cell, no line break ends
/// the row, and no HTML or link syntax is interpreted.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A number with thousands separators, for people.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A byte count for people: `28.7 kB`, `1.2 GB`.
pub fn bytes(n: u64) -> String {
    let mut out = String::new();
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < units.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        let _ = write!(out, "{n} B");
    } else {
        let _ = write!(out, "{v:.1} {}", units[u]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "<script>document.title='PWNED'</script> \"q\" </style> & \\N";

    #[test]
    fn html_escapes_markup_and_quotes() {
        let e = html(NASTY);
        assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
        assert_eq!(
            e,
            "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt; &quot;q&quot; &lt;/style&gt; &amp; \\N"
        );
        assert_eq!(html("Zürich – plain"), "Zürich – plain");
    }

    #[test]
    fn json_in_script_cannot_close_the_element() {
        let json = serde_json::to_string(&NASTY).unwrap();
        let safe = json_in_script(&json);
        assert!(!safe.contains("</"));
        assert!(!safe.contains('<'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, NASTY);
        let sep = json_in_script("\"a\u{2028}b\"");
        assert_eq!(sep, "\"a\\u2028b\"");
    }

    #[test]
    fn dot_strings_are_quoted_and_escaped() {
        assert_eq!(dot("a \"b\" \\N\nc"), r#""a \"b\" \\N\nc""#);
        assert_eq!(dot("x\r\ny"), r#""x\ny""#);
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut s = String::new();
        csv_row_into(
            &mut s,
            &["plain", "a,b", "say \"hi\"", "two\nlines", " pad", ""],
        );
        assert_eq!(
            s,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",\r\n"
        );
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(
            markdown_cell("a|b\n<i>_x_</i>"),
            "a\\|b &lt;i&gt;\\_x\\_&lt;/i&gt;"
        );
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(100), "100");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(28_655), "28.7 kB");
    }

    #[test]
    fn json_in_script_matches_char_by_char_escaping() {
        let raw = "<a href=\"x&y\">é\u{2028}\u{2029}\u{2027}\u{20ac}</a>\u{e2}";
        let want: String = raw
            .chars()
            .map(|c| match c {
                '<' => "\\u003c".to_string(),
                '>' => "\\u003e".to_string(),
                '&' => "\\u0026".to_string(),
                '\u{2028}' => "\\u2028".to_string(),
                '\u{2029}' => "\\u2029".to_string(),
                c => c.to_string(),
            })
            .collect();
        assert_eq!(json_in_script(raw), want);
    }
}
