//! HTML escaping of article text: the one function every page's text goes through (Tera's
//! autoescape is set to it) and `timeline.json`'s HTML fields too.

/// Tera's autoescape, without its escaping of `/`: `&`, `<`, `>`, `"` and `'` are all that
/// text and quoted attribute values need (every template attribute holding a value is quoted),
/// and URLs stay readable.
/// Also what `timeline.json` escapes its HTML fields with (TimelineJS renders them as HTML).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    escape_html_into(&mut out, input);
    out
}

/// [`escape_html`], appended to `out`.
pub fn escape_html_into(out: &mut String, input: &str) {
    // The five are ASCII, so every one is a character boundary, and the text between them is
    // copied in runs; they are found with two vectorised searches (three bytes, then two).
    let bytes = input.as_bytes();
    let mut markup = memchr::memchr3_iter(b'&', b'<', b'>', bytes).peekable();
    let mut quotes = memchr::memchr2_iter(b'"', b'\'', bytes).peekable();
    let mut from = 0;
    loop {
        let i = match (markup.peek(), quotes.peek()) {
            (Some(&m), Some(&q)) if q < m => quotes.next(),
            (Some(_), _) => markup.next(),
            (None, _) => quotes.next(),
        };
        let Some(i) = i else { break };
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.push_str(&input[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&input[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`escape_html_into`] as first written: byte by byte.
    fn escape_by_bytes(input: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for (i, b) in input.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            out.push_str(&input[from..i]);
            out.push_str(entity);
            from = i + 1;
        }
        out.push_str(&input[from..]);
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_agrees_with_the_byte_loop(t in "([a-z ]{0,40}|[&<>\"']|é|日本){0,30}") {
            proptest::prop_assert_eq!(escape_html(&t), escape_by_bytes(&t));
        }
    }

    #[test]
    fn escaping_replaces_the_five_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a> é/日本"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é/日本"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("plain “text”"), "plain “text”");
    }
}
