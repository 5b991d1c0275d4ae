"""The front door: the home page everyone arrives at, and the health check a load balancer asks."""

from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from network.kept_counts import cached_figure
from pledges.selectors import current_signature_count, kept_pledge_status
from projects.models import Project

from . import health, selectors, services


def home(request):
    if request.user.is_authenticated:
        return member_home(request)
    counts = {
        "members": cached_figure("members.active", get_user_model().objects.active().count),
        "projects": cached_figure("projects.all", Project.objects.count),
        "signatures": current_signature_count(),
    }
    return render(request, "network/home.html", {"counts": counts})


def member_home(request):
    """A signed-in member's home: their next step first, then their meetings, actions, projects and news."""
    member = request.user
    services.note_home_visit(member=member)
    home = selectors.member_home(member, pledge=kept_pledge_status(member))
    return render(request, "network/home.html", {"home": home})


@never_cache
@require_GET
def healthz(request):
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "down", "checks": {k: "ok" if v else "down" for k, v in checks.items()}}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)
