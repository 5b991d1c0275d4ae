"""The accessibility statement, and choosing the site's language (both open to everyone, signed in or not)."""

from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from .accessibility_statement import AccessibilityStatement
from .language import remember_language


@require_safe
def accessibility_statement(request):
    statement = AccessibilityStatement.load()
    issues = statement.issues.filter(fixed_on__isnull=True)
    return render(request, "network/accessibility.html", {"statement": statement, "issues": issues})


@require_POST
def choose_language(request):
    """Django's own language switch (a cookie, then back to the page), and for a member, remembered for emails."""
    response = set_language(request)
    if request.user.is_authenticated:
        remember_language(member=request.user, language=request.POST.get("language", ""))
    return response
