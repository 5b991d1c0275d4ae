"""Easy Read mode: bigger words, short sentences and pictures. A member's choice is kept on their account; a
visitor's in a cookie. Pages ask `is_on(request)` (through the `easy_read` context processor); emails ask the
member's own choice."""

from django.db import transaction

COOKIE = "easy_read"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # a year: people should not have to choose again every visit
ON, OFF = "on", "off"


def is_on(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.easy_read)
    return request.COOKIES.get(COOKIE) == ON


@transaction.atomic
def set_choice(*, member, on):
    member.easy_read = on
    member.save(update_fields=["easy_read"])
    return member
