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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paragraphs_and_links() {
        assert_eq!(
            to_html("A *digest* of [news](https://e.org)."),
            "<p>A <em>digest</em> of <a href=\"https://e.org\">news</a>.</p>\n"
        );
    }
}
