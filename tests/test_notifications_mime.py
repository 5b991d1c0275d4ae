"""The weekly news is written straight to bytes for speed: what a mail program reads is the same as Django wrote."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

from notifications import mime

BOUNDARY = "==0123456789abcdef=="


def _message(subject="This week in the network", body="Hello Ann,\n\nHere is what is new.\n", to="ann@example.org",
             html="<p>Hello Ann,</p>"):
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email="Together Network <hello@example.org>", to=[to],
        headers={"Date": "Wed, 02 Dec 2026 08:00:00 +0000", "Message-ID": "<abc.weekly_digest@example.org>",
                 "List-Unsubscribe": "<https://example.org/emails/stop/" + "x" * 150 + "/>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _read(raw):
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {p.get_content_type(): p.get_content() for p in parsed.walk() if not p.is_multipart()}
    headers = {k: str(parsed[k]) for k in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe",
                                           "List-Unsubscribe-Post")}
    return headers, {k: v.replace("\r\n", "\n") for k, v in parts.items()}


def test_a_mail_program_reads_the_same_email_as_django_writes():
    message = _message()
    assert _read(mime.as_bytes(message, boundary=BOUNDARY)) == _read(message.message().as_bytes())


def test_welsh_words_and_names_with_accents_arrive_intact():
    message = _message(subject="Yr wythnos hon yn y rhwydwaith – newyddion", body="Helo Siân,\n\nDyma’r newyddion.\n",
                       html="<p>Helo Siân,</p>")
    assert _read(mime.as_bytes(message, boundary=BOUNDARY)) == _read(message.message().as_bytes())


def test_an_email_with_an_attachment_or_an_unusual_address_is_left_to_django():
    with_calendar = _message()
    with_calendar.attach("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")
    assert mime.as_bytes(with_calendar, boundary=BOUNDARY) is None
    assert mime.as_bytes(_message(to="siân@example.org"), boundary=BOUNDARY) is None
    assert mime.as_bytes(_message(body=f"a {BOUNDARY} b"), boundary=BOUNDARY) is None


def test_a_line_break_in_a_subject_cannot_add_a_header():
    raw = mime.as_bytes(_message(subject="Hello\r\nBcc: someone@example.org"), boundary=BOUNDARY)
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None


ADDRESSES = [
    "ann@example.org", "o'brien@example.org", "mary-jane.smith+news@care.nhs.uk", "a&b@example.org",
    "Together Network <hello@example.org>", '"Smith, Ann" <ann@example.org>', "ANN@EXAMPLE.ORG",
    "siân@example.org", "ann@bücher.example", "ann..lee@example.org", ".ann@example.org", "ann.@example.org",
    "ann@example.org.", "ann@-example.org", "ann@example.org\n", "ann@example.org\r\nBcc: x@example.org",
    "ann lee@example.org", "ann@", "@example.org", "ann", "ann@[127.0.0.1]", '"ann lee"@example.org',
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_envelope_address_is_what_django_would_send_to(address):
    connection = SMTPBackend(host="127.0.0.1", port=2525)
    message = EmailMultiAlternatives(from_email=address, to=[address])

    def django(value):
        try:
            return connection.prep_address(value)
        except Exception as exc:  # noqa: BLE001 - Django's parse raises several kinds for a broken address
            return type(exc)

    try:
        ours = mime.envelope(message, connection)
    except Exception as exc:  # noqa: BLE001 - as above: the same kind must come out
        ours = (type(exc), [type(exc)])
    expected = django(address)
    assert ours == (expected, [expected])


def test_a_plain_address_is_not_parsed_again_for_every_email(monkeypatch):
    connection = SMTPBackend(host="127.0.0.1", port=2525)
    monkeypatch.setattr(connection, "prep_address", lambda value: pytest.fail(f"parsed {value!r}"))
    message = EmailMultiAlternatives(from_email="hello@example.org", to=["o'brien@example.org"])
    assert mime.envelope(message, connection) == ("hello@example.org", ["o'brien@example.org"])


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_to_header_names_the_same_person_as_a_full_parse_would(address):
    from email.utils import formataddr, parseaddr

    name, parsed = parseaddr(address)
    expected = None if not parsed or not parsed.isascii() else (formataddr((name, parsed), charset="utf-8") if name
                                                                 else parsed)
    assert mime._address(address) == expected
