//! Markdown of bank prompts, specifications and explanations to safe HTML.

use pulldown_cmark::{Event, Options, Parser, html};

/// Renders Markdown; raw HTML in the source is shown as text, never passed through, and links
/// keep only http(s), mailto and relative targets.
pub fn to_html(md: &str) -> String {
    let parser =
        Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|ev| {
            match ev {
                Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
                Event::Start(pulldown_cmark::Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let safe = dest_url.starts_with("http://")
                        || dest_url.starts_with("https://")
                        || dest_url.starts_with("mailto:")
                        || dest_url.starts_with('/')
                        || dest_url.starts_with('#');
                    let dest_url = if safe { dest_url } else { "#".into() };
                    Event::Start(pulldown_cmark::Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Start(pulldown_cmark::Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    // Images only from our own origin (the CSP would block others anyway).
                    let dest_url = if dest_url.starts_with('/') {
                        dest_url
                    } else {
                        "".into()
                    };
                    Event::Start(pulldown_cmark::Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                other => other,
            }
        });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, parser);
    // Code blocks and tables may scroll sideways (on a phone, always): a keyboard user must be
    // able to reach them to scroll. Raw HTML was turned into text above, so these tags can only
    // come from Markdown.
    out.replace("<pre>", "<pre tabindex=\"0\">")
        .replace("<table>", "<table tabindex=\"0\">")
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn escapes_raw_html_and_bad_links() {
        let h = to_html("**粗体** <script>alert(1)</script> [x](javascript:alert(1)) `a<b`");
        assert!(h.contains("<strong>粗体</strong>"), "{h}");
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("<code>a&lt;b</code>"), "{h}");
    }

    #[test]
    fn code_blocks_and_tables_can_take_the_keyboard_focus_but_raw_tags_cannot() {
        let h = to_html("```\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<pre>raw</pre>");
        assert!(h.contains("<pre tabindex=\"0\"><code>x = 1"), "{h}");
        assert!(h.contains("<table tabindex=\"0\">"), "{h}");
        assert!(h.contains("&lt;pre&gt;raw"), "{h}");
    }
}
