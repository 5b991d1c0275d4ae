"""Mail servers at the edge, for the tests that need one to misbehave."""

import smtplib

from django.core.mail.backends import locmem


class MailServerThatDropsTheSecondMessage(locmem.EmailBackend):
    """A mail server that hangs up once, after accepting one message."""

    accepted = 0
    dropped = False

    def send_messages(self, messages):
        if type(self).accepted == 1 and not type(self).dropped:
            type(self).dropped = True
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        type(self).accepted += len(messages)
        return super().send_messages(messages)
