"""The whole way round: join → asked to take the pledge → sign → straight back to joining."""

from urllib.parse import parse_qs, urlparse

from django.urls import reverse

from projects.models import ProjectMembership
from tests import factories


def test_a_member_asked_to_take_the_pledge_first_is_brought_back_to_the_project_to_join(client, project):
    version = factories.PledgeVersionFactory()
    newcomer = factories.MemberFactory()
    client.force_login(newcomer)
    join_url = reverse("projects:join", kwargs={"slug": project.slug})

    to_pledge = client.get(join_url)
    assert to_pledge.status_code == 302
    pledge_page = client.get(to_pledge["Location"])
    sign_url = pledge_page.context["sign_url"]
    assert parse_qs(urlparse(sign_url).query)["next"] == [join_url]

    signed = client.post(sign_url, {"version": version.pk, "commitment": "", "next": join_url})
    assert signed.status_code == 302 and signed["Location"] == join_url

    joined = client.post(join_url, {"why_involved": "I sit in that waiting room every month.", "contribution": "Ideas"})
    assert joined.status_code == 302
    assert ProjectMembership.objects.filter(member=newcomer, project=project, status="active").exists()


def test_a_next_address_on_another_site_is_ignored_after_signing(client, db):
    version = factories.PledgeVersionFactory()
    client.force_login(factories.MemberFactory())
    response = client.post(reverse("pledges:sign"), {"version": version.pk, "next": "https://evil.example.com/"})
    assert response["Location"] == reverse("pledges:signed")
