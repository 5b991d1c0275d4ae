"""The site's own page when something breaks, drawn without the database (which may be what broke)."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import escape_leading_slashes

# How long to wait before trying again when the database dropped the connection (it reconnects on the next request).
RETRY_AFTER_SECONDS = 30


def database_lost(error):
    """The database went away (a dropped connection, a restart): trying again in a moment will work."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """handler500: called while Django handles the exception, so sys.exc_info() says what went wrong."""
    context = {"network_name": settings.NETWORK_NAME, "network_contact_email": settings.NETWORK_CONTACT_EMAIL}
    if database_lost(sys.exc_info()[1]):
        context["try_again_url"] = escape_leading_slashes(request.get_full_path()) if request.method == "GET" else "/"
        response = HttpResponse(render_to_string("errors/try_again.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse(render_to_string("500.html", context), status=500)
    response["Cache-Control"] = "no-store"
    return response
