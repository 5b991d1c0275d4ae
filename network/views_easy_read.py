"""The Easy Read switch in every page's header and on the profile: a plain form button, no JavaScript needed."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import easy_read


def _back_to(request):
    wanted = request.POST.get("next", "")
    # Only a path on this site: never another site, and never something that is not an address at all.
    on_this_site = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if on_this_site and wanted.startswith("/") and not wanted.startswith("//") and " " not in wanted:
        return wanted
    return reverse("home")


@require_POST
def switch_easy_read(request):
    choice = request.POST.get("easy_read")
    back = _back_to(request)
    if choice not in (easy_read.ON, easy_read.OFF):
        messages.error(request, _("We could not tell if you wanted Easy Read on or off. Please press the button again."))
        return HttpResponseRedirect(back)
    on = choice == easy_read.ON
    if request.user.is_authenticated:
        easy_read.set_choice(member=request.user, on=on)
    response = HttpResponseRedirect(back)
    # Kept for a visitor, and after signing out, on this device.
    response.set_cookie(
        easy_read.COOKIE, choice, max_age=easy_read.COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=request.is_secure(),
    )
    messages.success(request, _("Easy Read is on.") if on else _("Easy Read is off. You see the standard words."))
    return response
