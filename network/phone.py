"""UK phone numbers: accept the ways people write them, store one tidy form (national, spaced)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID = _(
    "Please enter a UK phone number, for example 07700 900123 or 0161 496 0000. "
    "Numbers starting +44 are fine too."
)
NOT_MOBILE = _("Text messages need a mobile number, which starts 07.")


def normalise_uk_phone(value):
    """Return the number as 0XXXX XXXXXX (or 020 XXXX XXXX), or raise ValidationError with a plain message."""
    raw = (value or "").strip()
    if not raw:
        return ""
    if re.search(r"[^\d\s()+.\-]", raw):
        raise ValidationError(INVALID, code="invalid_phone")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+") or raw.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if not digits.startswith("44"):
            raise ValidationError(INVALID, code="invalid_phone")
        digits = digits[2:]
        digits = digits[1:] if digits.startswith("0") else digits  # +44 (0)7700 …
        digits = "0" + digits
    if not re.fullmatch(r"0[1235789]\d{8,9}", digits):
        raise ValidationError(INVALID, code="invalid_phone")
    if len(digits) == 10 and not digits.startswith("01"):
        raise ValidationError(INVALID, code="invalid_phone")  # only some 01 numbers are ten digits long
    if digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if re.match(r"01\d1|011", digits):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"


def is_mobile(value):
    return re.sub(r"\D", "", value or "").startswith("07")
