"""Emails in development, readable: one line per email in the `make run` terminal, and the words themselves.

Django's console backend prints the raw message: quoted-printable line breaks inside links, every calendar's
VTIMEZONE block, and in the worker each line logged as a WARNING (Celery's view of print). This backend logs each
email at INFO as "email to X: subject", followed by its plain-text words (decoded, attachments named, not printed);
with EMAIL_TO_FILES=1 the terminal gets only that line, with the address shortened to "r…@example.org", and the
whole email (headers, text, HTML) goes to a file in var/mail/.

For development only: the words hold sign-in codes and confirmation links and the line names the address, which is
what a developer needs in their own terminal and what no shared log should keep. Production sends by EMAIL_URL.
"""

import itertools
import logging
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger("coproduction.email")
_numbers = itertools.count(1)


def _attachment_names(message):
    names = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):  # (filename, content, mimetype), or Django's EmailAttachment
            filename, _content, mimetype = attachment
        else:  # a MIME part
            filename, mimetype = attachment.get_filename(), attachment.get_content_type()
        names.append(f"{filename or 'unnamed'} ({mimetype or 'unknown type'})")
    return names


def readable(message, *, with_html=False):
    """The email as a person reads it: who, what, the plain text, attachments by name (and the HTML, if asked)."""
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
        f"Subject: {message.subject}",
    ]
    attached = _attachment_names(message)
    if attached:
        lines.append(f"Attached: {', '.join(attached)}")
    text = [*lines, "", message.body.strip()]
    if with_html:
        for content, mimetype in getattr(message, "alternatives", []):
            text += ["", f"----- the same email as {mimetype} -----", str(content).strip()]
    return "\n".join(text) + "\n"


class ReadableEmailBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        folder = file_path or getattr(settings, "EMAIL_FILE_PATH", None)
        self.folder = Path(folder) if folder else None

    def send_messages(self, email_messages):
        for message in email_messages:
            self._send(message)
        return len(email_messages)

    def _send(self, message):
        line = f"email to {', '.join(message.to)}: {message.subject}"
        if self.folder is None:
            logger.info("%s\n%s", line, _indented(readable(message)))
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{timezone.now():%Y%m%d-%H%M%S-%f}-{next(_numbers)}.txt"
        path.write_text(readable(message, with_html=True), encoding="utf-8")
        # The files serve servers that keep their logs too (a gunicorn writing them): the line hides who.
        hidden = ", ".join(_hidden(address) for address in message.to)
        logger.info("email to %s: %s (the whole email is in %s)", hidden, message.subject, path)


def _hidden(address):
    name, _at, domain = address.rpartition("@")
    return f"{name[:1]}…@{domain}" if name else "…"


def _indented(text):
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())
