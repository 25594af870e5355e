//! The template set: the built-in templates compiled into the binary, each replaced by the
//! site's file of the same name, parsed once (minified when the site says so) and rendered
//! with errors that name the page and the template.

use serde::Serialize;
use tera::Tera;

use super::escape::escape_html;
use super::minify;
use crate::error::TemplateError;

/// The templates compiled into the binary, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("article_also.html", include_str!("../../templates/article_also.html")),
    ("story.html", include_str!("../../templates/story.html")),
    ("stories.html", include_str!("../../templates/stories.html")),
    ("quotes.html", include_str!("../../templates/quotes.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("timeline_section.html", include_str!("../../templates/timeline_section.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("search.html", include_str!("../../templates/search.html")),
];

/// Parsed templates, ready to render.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// The built-in templates, each replaced by the override of the same name if given;
    /// with `minify`, the markup of the `.html` ones minified
    /// ([`minify::minify_template`]).
    ///
    /// # Errors
    /// A template does not parse, or extends one that does not exist.
    pub fn new(overrides: &[(String, String)], minify: bool) -> Result<Self, TemplateError> {
        let mut all: Vec<(&str, &str)> = BUILTIN_TEMPLATES.to_vec();
        for (name, body) in overrides {
            match all.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = body,
                None => all.push((name, body)),
            }
        }
        // Parse the templates as written first: errors name the lines the editor sees.
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(all.iter().copied()).map_err(|source| TemplateError::Parse { source })?;
        if minify {
            let minified: Vec<(&str, String)> = all
                .iter()
                .map(|(name, body)| {
                    let body = if name.ends_with(".html") { minify::minify_template(body) } else { (*body).to_owned() };
                    (*name, body)
                })
                .collect();
            let mut small = Tera::default();
            small.set_escape_fn(escape_html);
            // Should the minifier ever break a template, the site is built unminified.
            if small.add_raw_templates(minified.iter().map(|(n, b)| (*n, b.as_str()))).is_ok() {
                tera = small;
            }
        }
        Ok(Templates { tera })
    }

    pub(crate) fn render(&self, template: &str, page: &str, data: &impl Serialize) -> Result<Vec<u8>, TemplateError> {
        let ctx = context(page, data)?;
        self.tera.render(template, &ctx).map(String::into_bytes).map_err(|source| render_error(page, template, source))
    }

    /// Renders `template` with `ctx`, writing as it goes.
    pub(crate) fn render_to(
        &self,
        template: &str,
        page: &str,
        ctx: &tera::Context,
        out: &mut dyn std::io::Write,
    ) -> Result<(), TemplateError> {
        self.tera.render_to(template, ctx, out).map_err(|source| render_error(page, template, source))
    }
}

/// The template context of a page's data.
pub(crate) fn context(page: &str, data: &impl Serialize) -> Result<tera::Context, TemplateError> {
    tera::Context::from_serialize(data).map_err(|source| TemplateError::Context { page: page.to_owned(), source })
}

fn render_error(page: &str, template: &str, source: tera::Error) -> TemplateError {
    TemplateError::Render { page: page.to_owned(), template: template.to_owned(), source }
}
