"""Which language a member reads the site and their emails in (English or Welsh)."""

from django.conf import settings


def remember_language(*, member, language):
    """Keep the language a signed-in member chose, so their emails come in it too. An unknown code changes nothing."""
    if language not in dict(settings.LANGUAGES) or member.language == language:
        return
    member.language = language
    member.save(update_fields=["language"])
