import pytest
from django.conf import settings
from django.urls import reverse

from notifications import services


def test_one_click_unsubscribe_turns_that_kind_of_email_off_without_signing_in(client, member):
    token = services.unsubscribe_token(member_id=member.pk, preference="wants_weekly_digest")
    url = reverse("notifications:unsubscribe", args=[token])
    # A mail client's one-click POST (RFC 8058): no session, no CSRF token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.wants_weekly_digest is False
    assert member.wants_meeting_reminders is True


def test_opening_the_unsubscribe_link_asks_first_and_changes_nothing(client, member):
    token = services.unsubscribe_token(member_id=member.pk, preference="wants_meeting_reminders")
    response = client.get(reverse("notifications:unsubscribe", args=[token]))
    assert "Yes, stop meeting reminders" in response.content.decode()
    member.refresh_from_db()
    assert member.wants_meeting_reminders is True


def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(client, member):
    token = services.unsubscribe_token(member_id=member.pk, preference="wants_weekly_digest")
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-3] + "xyz"]))
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.wants_weekly_digest is True


def test_the_preferences_page_needs_sign_in(client, db):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_turns_reminders_off_on_the_preferences_page(client, member):
    client.force_login(member)
    response = client.post(
        reverse("notifications:preferences"), {"wants_meeting_digests": "on", "wants_weekly_digest": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.wants_meeting_reminders, member.wants_meeting_digests, member.wants_weekly_digest) == (
        False, True, True,
    )


def test_a_lead_changes_reminder_timings_but_the_periodic_jobs_are_for_administrators(client, lead):
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    call_command("sync_lead_permissions", verbosity=0)
    client.force_login(lead)
    task = PeriodicTask.objects.get(name="Weekly network news")
    assert client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/").status_code == 403
    assert client.get("/admin/notifications/reminderrule/add/").status_code == 200
    assert client.get("/admin/notifications/delivery/").status_code == 200


def test_a_plain_member_cannot_see_the_email_ledger_or_schedules(client, member):
    client.force_login(member)
    assert client.get("/admin/notifications/delivery/").status_code in (302, 403)
    assert client.get("/admin/django_celery_beat/periodictask/").status_code in (302, 403)


@pytest.mark.parametrize("script_prefix", ["/", "/network/"])
def test_the_unsubscribe_link_in_an_email_opens_the_page_that_turns_that_email_off(client, member, script_prefix):
    from django.urls import set_script_prefix

    set_script_prefix(script_prefix)
    try:
        url, headers = services.unsubscribe_headers(member_id=member.pk, preference="wants_weekly_digest")
        token = url.rstrip("/").rpartition("/")[2]
        assert url == services.absolute_url("notifications:unsubscribe", token)
    finally:
        set_script_prefix("/")
    assert headers["List-Unsubscribe"] == f"<{url}>"
    response = client.post(url.removeprefix(settings.SITE_URL).removeprefix(script_prefix.rstrip("/")),
                           {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.wants_weekly_digest is False
