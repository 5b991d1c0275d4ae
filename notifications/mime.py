"""An email with a plain-text and an HTML part, written as the bytes an SMTP server receives, without the email
package's header machinery: building each message through it was half the time of sending the weekly news to
everyone. The same headers and parts as Django writes; anything else (attachments, copies, addresses that are not
plain ASCII) is left to Django (returns None)."""

import base64
import functools
import re
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from django.core.mail.message import EmailMultiAlternatives

CRLF = "\r\n"
ADDRESS_HEADERS = {"from", "to", "cc", "reply-to", "bcc"}


def _ascii(value):
    return value.isascii()


def _header(name, value):
    value = " ".join(str(value).split())  # no line breaks inside a header: nothing can be smuggled in
    if _ascii(value) and len(name) + len(value) < 990:
        return f"{name}: {value}"
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=CRLF)}"


def _address(value):
    if isinstance(value, str) and PLAIN_ADDRESS.fullmatch(value):
        return value  # what the parse below gives back for a plain address, without parsing it for every email
    name, address = parseaddr(str(value))
    if not address or not _ascii(address):
        return None
    return formataddr((name, address), charset="utf-8") if name else address


@functools.lru_cache(maxsize=8)
def _sender_header(value):
    return _address(value)  # the network's own name and address, the same for every email: parsed once


def _part(content_type, text):
    data = text.replace("\r\n", "\n").replace("\n", CRLF)
    if not data.endswith(CRLF):
        data += CRLF  # as Django does: every part ends with a line break
    if _ascii(data) and all(len(line) < 990 for line in data.split(CRLF)):
        return (f'Content-Type: {content_type}; charset="utf-8"{CRLF}Content-Transfer-Encoding: 7bit{CRLF}{CRLF}'
                f"{data}")
    encoded = base64.encodebytes(data.encode()).decode().replace("\n", CRLF)
    return f'Content-Type: {content_type}; charset="utf-8"{CRLF}Content-Transfer-Encoding: base64{CRLF}{CRLF}{encoded}'


def as_bytes(message, *, boundary):
    """The message's bytes, or None when Django must write it. `boundary` must not appear in its text."""
    if (type(message) is not EmailMultiAlternatives or message.attachments or message.cc or message.bcc
            or len(message.alternatives) != 1 or message.alternatives[0][1] != "text/html"
            or message.content_subtype != "plain"):
        return None
    html = message.alternatives[0][0]
    if boundary in message.body or boundary in html:
        return None
    sender = message.extra_headers.get("From", message.from_email)
    sender = _sender_header(sender) if isinstance(sender, str) else _address(sender)
    to = [_address(a) for a in message.to]
    reply_to = [_address(a) for a in message.reply_to]
    if sender is None or None in to or None in reply_to or not to:
        return None
    lines = [f"From: {sender}", f"To: {', '.join(to)}", _header("Subject", message.subject)]
    if reply_to:
        lines.append(f"Reply-To: {', '.join(reply_to)}")
    names = {name.lower() for name in message.extra_headers}
    if "date" not in names:
        lines.append(f"Date: {formatdate(localtime=True)}")
    for name, value in message.extra_headers.items():
        if name.lower() not in ADDRESS_HEADERS:
            lines.append(_header(name, value))
    lines += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{boundary}"', ""]
    head = CRLF.join(lines)
    body = (f"--{boundary}{CRLF}{_part('text/plain', message.body)}{CRLF}--{boundary}{CRLF}"
            f"{_part('text/html', html)}{CRLF}--{boundary}--{CRLF}")
    return (head + CRLF + body).encode("ascii")


# A plain address (letters, digits and RFC 5322's other atom characters, dots only between them; a domain of
# ASCII labels) is its own envelope address: Django's parse of it gives back the same text. Anything else goes
# through Django's parse. Parsing every address took a tenth of the time of sending the weekly news.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*")


def _envelope_address(address, connection):
    if isinstance(address, str) and PLAIN_ADDRESS.fullmatch(address):
        return address
    return connection.prep_address(address)


@functools.lru_cache(maxsize=8)
def _sender(address, connection):
    return _envelope_address(address, connection)  # the network's own address, the same for a whole batch


def envelope(message, connection):
    """(from, recipients) as Django's SMTP backend would give them."""
    return (_sender(message.from_email, connection),
            [_envelope_address(a, connection) for a in message.recipients()])
