"""Leads publish pledge versions in the admin, see every signature, filter them and export them."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Role
from pledges.models import PledgeSignature, PledgeVersion
from tests import factories

VERSIONS = reverse("admin:pledges_pledgeversion_changelist")
SIGNATURES = reverse("admin:pledges_pledgesignature_changelist")
EXPORT = reverse("admin:pledges_pledgesignature_export")
CSV, XLSX = "0", "1"


@pytest.fixture
def versions(db):
    first = factories.PledgeVersionFactory(title="First pledge", published_at=timezone.now() - dt.timedelta(days=200))
    second = factories.PledgeVersionFactory(title="Second pledge", published_at=timezone.now() - dt.timedelta(days=5))
    return first, second


@pytest.fixture
def signatures(versions):
    first, second = versions
    return {
        "carer_first": factories.PledgeSignatureFactory(
            version=first, member=factories.MemberFactory(display_name="Cara Carer", role=Role.CARER),
            signed_at=timezone.now() - dt.timedelta(days=150), commitment="I will bring my experience.",
        ),
        "staff_second": factories.PledgeSignatureFactory(
            version=second, member=factories.MemberFactory(display_name="Stu Staff", role=Role.STAFF),
            signed_at=timezone.now() - dt.timedelta(days=1),
        ),
    }


def test_a_lead_publishes_a_new_pledge_version_in_the_admin(client, lead, versions):
    client.force_login(lead)
    response = client.post(
        reverse("admin:pledges_pledgeversion_add"),
        {"title": "Third pledge", "text": "We will **share** power.", "easy_read_text": "We share power.",
         "what_changed": "Shorter.",
         "published_at_0": timezone.localdate().isoformat(), "published_at_1": "00:00:00"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PledgeVersion.objects.current().title == "Third pledge"


def test_the_version_list_says_which_version_is_current_and_which_are_earlier(client, lead, signatures):
    client.force_login(lead)
    factories.PledgeVersionFactory(title="Draft pledge", published_at=None)
    page = client.get(VERSIONS).content.decode()
    assert page.count("Earlier (read-only)") == 1 and page.count(">Current<") == 1 and ">Draft<" in page


def test_a_draft_is_published_with_one_action(client, lead, versions):
    draft = factories.PledgeVersionFactory(title="Draft pledge", published_at=None)
    client.force_login(lead)
    client.post(VERSIONS, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published and PledgeVersion.objects.current() == draft


def test_a_published_version_is_read_only_even_for_a_superuser(client, lead, versions):
    first, _ = versions
    boss = factories.MemberFactory(is_staff=True, is_superuser=True)
    for who in (lead, boss):
        client.force_login(who)
        change_url = reverse("admin:pledges_pledgeversion_change", args=[first.pk])
        page = client.get(change_url).content.decode()
        assert 'name="text"' not in page  # shown, not editable
        client.post(change_url, {"title": "Rewritten", "text": "Rewritten words."})
        first.refresh_from_db()
        assert first.title == "First pledge"
        assert client.post(reverse("admin:pledges_pledgeversion_delete", args=[first.pk]), {"post": "yes"}).status_code == 403
    assert PledgeVersion.objects.filter(pk=first.pk).exists()


def test_a_draft_can_still_be_edited(client, lead, versions):
    draft = factories.PledgeVersionFactory(title="Draft pledge", published_at=None)
    client.force_login(lead)
    response = client.post(
        reverse("admin:pledges_pledgeversion_change", args=[draft.pk]),
        {"title": "Better draft", "text": "Clearer words.", "what_changed": "", "published_at_0": "", "published_at_1": ""},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Better draft"


def test_the_admin_preview_of_the_text_renders_no_script(client, lead, db):
    version = factories.PledgeVersionFactory(text="Hello <script>alert(1)</script>", published_at=None)
    client.force_login(lead)
    page = client.get(reverse("admin:pledges_pledgeversion_change", args=[version.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_a_lead_sees_every_signature_including_those_off_the_wall_and_withdrawn(client, lead, signatures):
    signatures["staff_second"].withdrawn_at = timezone.now()
    signatures["staff_second"].save()
    client.force_login(lead)
    page = client.get(SIGNATURES).content.decode()
    assert "Cara Carer" in page and "Stu Staff" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"version__id__exact": "first"}, "Cara Carer", "Stu Staff"),
        ({"member__role__exact": Role.STAFF}, "Stu Staff", "Cara Carer"),
        ({"signed_at__gte": "recent"}, "Stu Staff", "Cara Carer"),
    ],
    ids=["by version", "by role", "by date"],
)
def test_a_lead_filters_signatures_by_version_role_and_date(client, lead, versions, signatures, query, shown, hidden):
    if "version__id__exact" in query:
        query = {"version__id__exact": versions[0].pk}
    if "signed_at__gte" in query:
        query = {"signed_at__gte": (timezone.now() - dt.timedelta(days=7)).isoformat()}
    client.force_login(lead)
    page = client.get(SIGNATURES, query).content.decode()
    assert shown in page and hidden not in page


def test_a_lead_exports_signatures_as_csv_respecting_the_filter(client, lead, signatures):
    client.force_login(lead)
    response = client.post(f"{EXPORT}?member__role__exact={Role.CARER}", {"format": CSV, "resource": "0"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    body = response.content.decode()
    assert "Cara Carer" in body and "Carer" in body and "I will bring my experience." in body
    assert "Stu Staff" not in body
    assert "@" not in body  # no email addresses in the export


def test_a_lead_exports_signatures_as_an_excel_workbook(client, lead, signatures):
    client.force_login(lead)
    response = client.post(EXPORT, {"format": XLSX, "resource": "0"})
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "member" in rows[0] and "role" in rows[0]
    names = {row[rows[0].index("member")] for row in rows[1:]}
    assert names == {"Cara Carer", "Stu Staff"}


def test_every_export_is_logged_with_the_leads_id_not_their_name(client, lead, signatures, caplog):
    client.force_login(lead)
    with caplog.at_level("INFO", logger="pledges.admin"):
        client.post(EXPORT, {"format": CSV, "resource": "0"})
    assert f"exported by member {lead.pk}: 2 rows" in caplog.text
    assert lead.display_name not in caplog.text and lead.email not in caplog.text


def test_a_lead_records_a_paper_pledge_for_an_offline_member(client, lead, offline_member, versions):
    _, second = versions
    client.force_login(lead)
    response = client.post(
        reverse("admin:pledges_pledgesignature_add"),
        {"member": offline_member.pk, "version": second.pk, "signed_at_0": timezone.localdate().isoformat(),
         "signed_at_1": "10:00:00", "commitment": "I will tell my friends.", "show_on_wall": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PledgeSignature.objects.filter(member=offline_member, version=second).exists()


def test_a_lead_withdraws_a_signature_when_an_offline_member_asks(client, lead, signatures):
    client.force_login(lead)
    target = signatures["carer_first"]
    client.post(SIGNATURES, {"action": "withdraw_selected", "_selected_action": [target.pk]})
    target.refresh_from_db()
    assert target.withdrawn_at is not None


def test_nobody_edits_or_deletes_a_members_signature_in_the_admin(client, lead, signatures):
    client.force_login(lead)
    target = signatures["carer_first"]
    client.post(reverse("admin:pledges_pledgesignature_change", args=[target.pk]), {"commitment": "Changed by a lead"})
    assert client.post(reverse("admin:pledges_pledgesignature_delete", args=[target.pk]), {"post": "yes"}).status_code == 403
    target.refresh_from_db()
    assert target.commitment == "I will bring my experience."


@pytest.mark.parametrize("who", ["member", "staff_who_is_not_a_lead"])
def test_people_who_are_not_leads_cannot_reach_pledges_in_the_admin_or_export(client, member, signatures, who):
    user = member if who == "member" else factories.MemberFactory(is_staff=True)
    client.force_login(user)
    for url in (VERSIONS, SIGNATURES, EXPORT):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    response = client.post(EXPORT, {"format": CSV, "resource": "0"})
    assert "Cara Carer" not in response.content.decode()


def test_the_signature_list_costs_the_same_queries_with_3_or_30_rows(client, lead, versions):
    client.force_login(lead)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SIGNATURES).status_code == 200
        return len(queries)

    factories.PledgeSignatureFactory.create_batch(3, version=versions[1])
    with_three = count_queries()
    factories.PledgeSignatureFactory.create_batch(27, version=versions[1])
    assert count_queries() == with_three


def test_the_version_list_costs_the_same_queries_with_3_or_30_versions(client, lead, db):
    client.force_login(lead)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(VERSIONS).status_code == 200
        return len(queries)

    factories.PledgeVersionFactory.create_batch(3)
    with_three = count_queries()
    factories.PledgeVersionFactory.create_batch(27)
    assert count_queries() == with_three
