"""Pledge text is written in Markdown by leads; we render it and then keep only harmless HTML."""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "hr", "code", "pre", "a",
    "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
HEADING = re.compile(r"<(/?)h([1-6])\b")


def _shift_headings(html, by=2):
    # The page owns its <h1> and <h2>: a "# heading" in the pledge becomes an <h3>, so headings stay in order.
    return HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + by, 6)}", html)


def render_markdown(text):
    """Markdown to HTML with every script, handler, style and unknown tag removed."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    html = _shift_headings(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above
