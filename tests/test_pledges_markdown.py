"""Leads write the pledge in Markdown; nothing they paste can run in a member's browser."""

import pytest
from django.urls import reverse

from pledges.text import render_markdown
from tests import factories

NASTY = """# Our promise

We will **listen**.

<script>alert("stolen")</script>

<img src=x onerror="alert(1)">

[Click me](javascript:alert(2)) and <a href="https://example.org" onclick="alert(3)">a real link</a>.

<iframe src="https://evil.example"></iframe><style>body{display:none}</style>
"""


def test_markdown_with_a_script_tag_is_rendered_harmless():
    html = render_markdown(NASTY)
    lowered = html.lower()
    assert "<script" not in lowered and "</script" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered and "<style" not in lowered and "<img" not in lowered
    assert "<strong>listen</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_a_heading_in_the_pledge_never_competes_with_the_page_heading():
    html = render_markdown("# Big\n\n## Smaller\n\ntext")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


@pytest.mark.parametrize("url_name", ["pledges:pledge", "pledges:sign"])
def test_a_script_in_the_pledge_text_never_reaches_the_page(client, member, url_name):
    factories.PledgeVersionFactory(text=NASTY)
    client.force_login(member)
    page = client.get(reverse(url_name)).content.decode()
    assert 'alert("stolen")' not in page and "onerror" not in page and "javascript:alert" not in page
    assert "<strong>listen</strong>" in page
    assert page.count("<h1") == 1


def test_a_script_in_a_members_commitment_is_shown_as_plain_text_on_the_wall(client, db):
    version = factories.PledgeVersionFactory()
    factories.PledgeSignatureFactory(version=version, show_on_wall=True, commitment="<script>alert(1)</script>")
    page = client.get(reverse("pledges:pledge")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
