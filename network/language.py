"""Which language a member reads the site and their emails in (English or Welsh)."""

from django.conf import settings


def remember_language(*, member, language):
    """Keep the language a signed-in member chose, so their emails come in it too. An unknown code changes nothing."""
    if language not in dict(settings.LANGUAGES) or member.language == language:
        return
    member.language = language
    member.save(update_fields=["language"])


def use_saved_language(response, member):
    """After signing in, the site speaks the language the member chose before, on any device: the same cookie
    Django's own switch sets. A member who never chose keeps what the browser is using."""
    language = getattr(member, "language", "")
    if language not in dict(settings.LANGUAGES):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
