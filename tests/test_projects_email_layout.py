"""Project emails are drawn in the network's one email layout (the ledger's and the account emails'), text and HTML."""

from django.conf import settings
from django.core import mail

from projects import services, tasks
from tests import factories


def test_a_stage_email_has_a_text_and_an_html_part_in_the_network_layout(project_lead, project):
    factories.ProjectMembershipFactory(project=project)
    change = services.move_stage(project=project, to_stage="doing", by=project_lead, reason="Ready to start",
                                 confirmed_unticked=True)
    tasks.tell_members_about_stage_change(change.pk)
    tasks.tell_members_about_stage_change(change.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and "Ready to start" in message.body and "Ready to start" in html
        assert f'<div role="article" aria-label="{settings.NETWORK_NAME}"' in html
        assert f"<p><strong>{settings.NETWORK_NAME}</strong></p>" in html
