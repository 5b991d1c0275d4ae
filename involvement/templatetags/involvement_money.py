"""Money on a page, written one way: `{{ item.amount_pence|pounds }}` gives £12.50 (models.pounds)."""

from django import template

from ..models import pounds as pounds_of

register = template.Library()


@register.filter
def pounds(pence):
    """£12.50 from 1250; an empty value reads as £0.00."""
    return pounds_of(int(pence or 0))


@register.filter
def hours(value):
    """2.5 from Decimal("2.50"), 3 from Decimal("3.00"): hours as a person writes them."""
    if value in (None, ""):
        return "0"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
