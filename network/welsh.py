"""Words leads write (the pledge, principles, project summaries) in Welsh when the page is in Welsh.

Each such field `x` has a `x_cy` beside it. When the page is in Welsh and a lead wrote the Welsh, it shows;
otherwise the English shows, with a note in Welsh that it has not been translated yet."""

from django.utils.translation import get_language

WELSH = "cy"


def in_language(obj, field):
    """The field's words in the page's language, or the English when there is no Welsh yet."""
    if get_language() == WELSH:
        welsh = getattr(obj, f"{field}_cy", "")
        if welsh:
            return welsh
    return getattr(obj, field)


def needs_welsh(obj, field):
    """The page is in Welsh, but this field has only its English words (so say so, and mark them as English)."""
    return get_language() == WELSH and bool(getattr(obj, field)) and not getattr(obj, f"{field}_cy", "")
