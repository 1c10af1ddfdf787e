//! Every escaper at the boundary where text enters a format: HTML, XML, iCalendar TEXT and
//! JSON inside a `<script>`. Templates escape through Tera's autoescape; everything written by
//! hand goes through here.

use serde_json::Value;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text with the character references HTML writers use turned back into characters: numeric
/// ones (`&#39;`, `&#x2F;`) and `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and `&nbsp;`. Any
/// other `&` is left as it is.
pub fn unescape_html(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for XML content and attributes. Characters XML 1.0 cannot carry are left out,
/// or the whole file would not parse (a title may hold a control character); tabs and line
/// breaks are written as references, so that an attribute keeps them instead of reading them
/// as spaces.
pub fn escape_xml(text: &str) -> String {
    let escaped = quick_xml::escape::escape(text);
    let mut out = String::with_capacity(escaped.len());
    for c in escaped.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", u32::from(c))),
            c if !xml_can_carry(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// True for the characters an XML 1.0 document may hold: not the control characters other than
/// tab and line breaks, nor U+FFFE and U+FFFF.
pub fn xml_can_carry(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines; other control characters
/// (a carriage return among them) are left out.
pub fn ical_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // TEXT cannot carry control characters other than tab (RFC 5545 3.3.11).
            c if c.is_control() && c != '\t' => {}
            _ => out.push(c),
        }
    }
    out
}

/// JSON with `<`, `>` and `&` escaped, so no text in it can close the script element.
pub fn json_in_script(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_become_characters() {
        assert_eq!(
            unescape_html("a &amp;lt; b &#39;c&#x27; &#x2F;&nbsp;&copy; &#xZZ; & d&gt;"),
            "a &lt; b 'c' /\u{a0}&copy; &#xZZ; & d>"
        );
    }

    #[test]
    fn escaped_xml_parses_and_keeps_line_breaks_in_attributes() {
        let text = "a <b> & \"c\"\r\n\td\u{7}\u{1b}\u{b}\u{ffff}e";
        let xml = format!("<x y=\"{0}\">{0}</x>", escape_xml(text));
        let document = roxmltree::Document::parse(&xml).unwrap();
        let kept = "a <b> & \"c\"\r\n\tde";
        assert_eq!(document.root_element().attribute("y"), Some(kept));
        assert_eq!(document.root_element().text(), Some(kept));
    }

    #[test]
    fn script_closing_text_is_escaped() {
        let text = json_in_script(
            &serde_json::json!({"name": "</script><script>alert(1)</script> & more"}),
        );
        assert!(!text.contains('<') && !text.contains('>'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & more");
    }
}
