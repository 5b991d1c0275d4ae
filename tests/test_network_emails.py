from django.core import mail
from django.urls import reverse

from tests import factories


def test_account_emails_have_a_plain_text_and_an_html_part_naming_the_network(client, db, settings):
    factories.MemberFactory(email="parts@example.org")
    client.post(reverse("account_request_login_code"), {"email": "parts@example.org"})
    message = mail.outbox[-1]
    assert settings.NETWORK_NAME in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert settings.NETWORK_NAME in html and "<p>" in html
