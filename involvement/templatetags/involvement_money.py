"""{{ pence|pounds }}: whole pence shown as £12.50, by the one formatter (involvement.models.pounds). Shared by
every involvement page (h5, h6, h7 of issue 18): add filters here rather than a second library."""

from django import template

from ..models import Step
from ..models import pounds as format_pounds

register = template.Library()


@register.filter
def pounds(pence):
    return "" if pence is None else format_pounds(pence)


@register.filter
def hours(value):
    """2.5 from Decimal("2.50"), 3 from Decimal("3.00"): hours as a person writes them."""
    if value in (None, ""):
        return "0"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def how_paid(method):
    """The words for how a payment was made (Step.Method): "Bank transfer", "Cash on the day", "Voucher"."""
    return Step.Method(method).label if method in Step.Method.values else ""


@register.filter
def who_may_approve(item, user):
    """"own" where the item is the user's own, "made" where they recorded it for someone, else "": four eyes, as
    the services refuse it, so nobody is shown a button that would only be refused."""
    from involvement.services_claims import made_by_id, owner_id

    if owner_id(item) == user.pk:
        return "own"
    return "made" if made_by_id(item) == user.pk else ""
