//! Markdown written by the editor (the site description), rendered with pulldown-cmark.
//!
//! This is the only HTML that reaches a template unescaped: it comes from `site.toml`,
//! which the editor controls. Article text never passes through here.

use pulldown_cmark::{Options, Parser, html};

/// Renders editor-written Markdown to HTML.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// The text of editor-written Markdown, without markup (for meta descriptions).
pub fn to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) | Event::Start(Tag::Paragraph)
                if !out.is_empty() && !out.ends_with(' ') =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_markup() {
        assert_eq!(to_text("A *digest* of [news](https://e.org).\n\nTwo."), "A digest of news. Two.");
    }

    #[test]
    fn renders_paragraphs_and_links() {
        assert_eq!(
            to_html("A *digest* of [news](https://e.org)."),
            "<p>A <em>digest</em> of <a href=\"https://e.org\">news</a>.</p>\n"
        );
    }
}
