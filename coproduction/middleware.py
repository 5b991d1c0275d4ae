import re

from django.conf import settings
from django.http import HttpResponseRedirect, QueryDict
from django.utils.csp import CSP


class AdminStylePolicyMiddleware:
    """The Django admin's search-as-you-type boxes (select2) set inline style attributes, which a strict style-src
    blocks. Only on admin pages, allow inline styles; scripts stay nonce/self-only everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.admin_prefix):
            response._csp_config = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
        return response


# Django's admin turns a year, month or day in the address into a date; a number too long for that is a server
# error there (OverflowError), not the "wrong filter" message it gives for other bad values.
DATE_PART = re.compile(r"__(year|month|day)$")
SHORT_NUMBER = re.compile(r"\d{1,4}")


class OddInputGuardMiddleware:
    """Odd characters in an address never become a server error.

    A NUL character cannot be stored or searched for in PostgreSQL, so it is taken out of every query parameter
    before any view (the admin's list filters included) reads it; forms are left alone, they refuse NUL with a
    message. In the admin, a date filter that is not a small number is dropped, and filters a list does not know
    bring the lead back to the plain list with the admin's own "wrong filter" notice, as its list page already does.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        in_admin = request.path.startswith(self.admin_prefix)
        query_string = request.META.get("QUERY_STRING", "")
        if query_string and (in_admin or "%00" in query_string or "\x00" in query_string):
            request.GET = self._cleaned(request.GET, in_admin)
        return self.get_response(request)

    @staticmethod
    def _cleaned(query, in_admin):
        cleaned = QueryDict(mutable=True)
        for key, values in query.lists():
            key = key.replace("\x00", "")
            for value in values:
                value = value.replace("\x00", "")
                if in_admin and DATE_PART.search(key) and not SHORT_NUMBER.fullmatch(value):
                    continue
                cleaned.appendlist(key, value)
        cleaned._mutable = False
        return cleaned

    def process_exception(self, request, exception):
        from django.contrib.admin.options import IncorrectLookupParameters
        from django.contrib.admin.views.main import ERROR_FLAG

        if isinstance(exception, IncorrectLookupParameters) and request.path.startswith(self.admin_prefix):
            if ERROR_FLAG not in request.GET:
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            return HttpResponseRedirect(request.path)  # back once already: the page with no query at all
        return None


# What the site never asks a browser for: no camera, microphone, location, payments, devices. The "copy the calendar
# address" button writes to the clipboard, so clipboard-write stays allowed for this site alone.
PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "autoplay",
                "bluetooth",
                "camera",
                "clipboard-read",
                "display-capture",
                "encrypted-media",
                "fullscreen",
                "geolocation",
                "gyroscope",
                "hid",
                "idle-detection",
                "local-fonts",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "picture-in-picture",
                "publickey-credentials-get",
                "screen-wake-lock",
                "serial",
                "usb",
                "web-share",
                "xr-spatial-tracking",
            )
        ),
        "clipboard-write=(self)",
    ]
)
PRIVATE = "private, no-store"


class PrivateAnswersMiddleware:
    """Pages for a signed-in person hold health and care details: no browser or proxy may keep a copy
    (Cache-Control: private, no-store, on every answer to them, downloads included). Every answer also says which
    browser features the site never uses (Permissions-Policy). Static files are answered by WhiteNoise before this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "no-store" not in response.get("Cache-Control", "") and self._signed_in(request):
            response["Cache-Control"] = PRIVATE
        return response

    @staticmethod
    def _signed_in(request):
        user = getattr(request, "user", None)
        if user is None:  # the answer came before sign-in was read (an error early on)
            return settings.SESSION_COOKIE_NAME in request.COOKIES
        try:
            return user.is_authenticated
        except Exception:  # noqa: BLE001 - cannot tell (the database is down): keep the answer out of caches
            return True
