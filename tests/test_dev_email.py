"""Emails in development read as a person reads them: the terminal shows who and what, and the words."""

import logging

from django.core.mail import EmailMultiAlternatives

from coproduction.dev_email import ReadableEmailBackend

LINK = "http://127.0.0.1:8000/accounts/confirm-email/" + "MQ:1tQmZx:" + "a" * 90 + "/"
CALENDAR = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"


def _email():
    message = EmailMultiAlternatives(
        "[Network] Confirm your email address", f"Open this link:\n\n{LINK}\n\nCafé at 10:00 – see you.",
        "Network <hello@example.org>", ["rosa@example.org"],
    )
    message.attach_alternative(f'<p>Open <a href="{LINK}">this link</a>.</p>' + "<p>x</p>" * 200, "text/html")
    message.attach("meeting.ics", CALENDAR, "text/calendar")
    return message


def test_the_terminal_shows_one_line_per_email_then_its_words_whole_links_and_no_calendar(caplog):
    with caplog.at_level(logging.INFO, logger="coproduction.email"):
        ReadableEmailBackend().send_messages([_email()])
    (record,) = caplog.records
    assert record.levelno == logging.INFO
    first_line, words = record.getMessage().split("\n", 1)
    assert first_line == "email to rosa@example.org: [Network] Confirm your email address"
    assert LINK in words and "Café at 10:00 – see you." in words
    assert "Attached: meeting.ics (text/calendar)" in words
    assert "VTIMEZONE" not in words and "=\n" not in words and "<p>" not in words


def test_with_email_to_files_the_terminal_has_the_line_without_the_address_and_the_file_the_whole_email(caplog, tmp_path):
    with caplog.at_level(logging.INFO, logger="coproduction.email"):
        ReadableEmailBackend(file_path=tmp_path / "mail").send_messages([_email()])
    (record,) = caplog.records
    (saved,) = (tmp_path / "mail").glob("*.txt")
    assert record.getMessage() == (
        f"email to r…@example.org: [Network] Confirm your email address (the whole email is in {saved})"
    )
    text = saved.read_text()
    assert "Subject: [Network] Confirm your email address" in text and LINK in text
    assert "----- the same email as text/html -----" in text and "VTIMEZONE" not in text
