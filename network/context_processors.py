from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import easy_read as easy_read_mode

# The main menu, in plain words. Each entry: URL name, label, and whether only signed-in members see it.
MAIN_MENU = [
    ("network:about", _("About"), False),
    ("projects:list", _("Projects"), False),
    ("meetings:list", _("Meetings"), False),
    ("pledges:pledge", _("Pledge"), False),
    ("network:directory", _("Members"), True),
    ("projects:my_actions", _("My actions"), True),
    ("involvement:mine", _("My involvement"), True),
    ("involvement:waiting", _("Claims to approve"), "involvement.handle_money"),  # leads and the finance team
]


def _url(name):
    return reverse(name)


def network(request):
    menu = []
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    for name, label, who in MAIN_MENU:
        url = _url(name)
        # who: False for everyone, True for signed-in members, or the permission the rules must give
        allowed = signed_in if who is True else (not who or (signed_in and request.user.has_perm(who)))
        if url and allowed:
            menu.append({"url": url, "label": label, "current": False})
    # The page is under the longest address that starts it ("/involvement/waiting/" is not "My involvement").
    under = [item for item in menu if request.path.startswith(item["url"])]
    if under:
        max(under, key=lambda item: len(item["url"]))["current"] = True
    return {
        "network_name": settings.NETWORK_NAME,
        "network_contact_email": settings.NETWORK_CONTACT_EMAIL,
        "main_menu": menu,
        "profile_url": _url("network:profile"),
    }


def easy_read(request):
    """`easy_read`: True when the person chose Easy Read (their account, or a visitor's cookie)."""
    return {"easy_read": easy_read_mode.is_on(request)}
