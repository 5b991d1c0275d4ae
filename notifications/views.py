from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import services
from .forms import PreferencesForm

PREFERENCE_LABELS = {
    "wants_meeting_reminders": _("meeting reminders"),
    "wants_meeting_digests": _("notes from meetings"),
    "wants_weekly_digest": _("the weekly network news"),
}


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail clients post here with no session or CSRF token (RFC 8058 one-click); the signed token is the proof.
@csrf_exempt
def unsubscribe(request, token):
    try:
        member_id, preference = services.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if preference not in PREFERENCE_LABELS:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    label = PREFERENCE_LABELS[preference]
    if request.method == "POST":
        get_user_model().objects.filter(pk=member_id).update(**{preference: False})
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label})
