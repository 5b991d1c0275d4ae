from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The main menu, in plain words. Each entry: URL name, label, and the path prefix that marks it as current.
MAIN_MENU = [
    ("projects:list", _("Projects")),
    ("meetings:list", _("Meetings")),
    ("pledges:pledge", _("Pledge")),
]


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def network(request):
    menu = []
    for name, label in MAIN_MENU:
        url = _url(name)
        if url:
            menu.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {
        "network_name": settings.NETWORK_NAME,
        "network_contact_email": settings.NETWORK_CONTACT_EMAIL,
        "main_menu": menu,
        "profile_url": _url("network:profile") or _url("account_email"),
    }
