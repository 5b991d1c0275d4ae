"""A member's involvement data: in their download and on "What we hold about you"; when they erase their account,
the money stays in the accounts without their name, and what they chose or wrote goes."""

import json

import pytest
from django.db import transaction
from django.urls import reverse

from involvement.models import ExpenseLine, InvolvementRecord, Receipt, RewardChoice, Status
from privacy.erasure import FORMER_MEMBER_NAME, erase_member
from tests import involvement_world as world


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def involved(member, project, lead):
    """The member gave time to the project, chose a reward, and claimed three expenses: paid, declined and waiting."""
    RewardChoice.objects.create(member=member, reward="expenses")
    work = world.activity(project=project, title="Interview panel")
    world.record(member, work, hours="3", status=Status.PAID, amount_pence=6000, note="Read the CVs at home first")
    world.claim(member, project=project, what_for="Taxi from 4 Elm Street because of my knee", with_receipt=True,
                lines=((1250, Status.PAID), (900, Status.DECLINED), (450, Status.WAITING)))
    return member


def test_the_download_holds_the_time_reward_claims_each_expense_its_receipts_and_when_it_was_paid(client, involved):
    client.force_login(involved)
    data = json.loads(client.get(reverse("privacy:download")).content)
    assert [r["hours"] for r in data["involvement"]] == ["3.00"]
    assert data["involvement"][0]["note"] == "Read the CVs at home first"
    assert [c["reward"] for c in data["reward_choices"]] == ["Expenses only"]
    assert len(data["expense_claims"]) == 1
    assert sorted(line["amount_pence"] for line in data["expense_lines"]) == [450, 900, 1250]
    assert {line["status"] for line in data["expense_lines"]} == {"Paid", "Not approved", "Waiting for approval"}
    assert [r["original_name"] for r in data["expense_receipts"]] == ["ticket.pdf"] * 3
    assert sorted(step["outcome"] for step in data["involvement_steps"]) == ["Not approved", "Paid", "Paid"]


def test_the_download_holds_nothing_of_another_members_claims(client, involved, other_member, other_project):
    world.claim(other_member, project=other_project, what_for="Parking at the hospital")
    client.force_login(involved)
    text = client.get(reverse("privacy:download")).content.decode()
    assert "Parking at the hospital" not in text


def test_what_we_hold_about_you_has_a_group_for_involvement_in_words(client, involved):
    client.force_login(involved)
    html = client.get(reverse("privacy:read")).content.decode()
    assert "Your involvement, payments and expenses" in html
    for heading in ("Time you gave, and what it was worth", "How you said you would like to be rewarded",
                    "Expenses you claimed", "Each expense in your claims", "Receipts you sent",
                    "When your time and expenses were approved or paid"):
        assert heading in html
    assert "Interview panel" in html and "Taxi from 4 Elm Street" in html


def test_the_erase_page_says_what_happens_to_money_and_why(client, member):
    client.force_login(member)
    html = client.get(reverse("privacy:erase")).content.decode()
    assert "How you said you would like to be rewarded" in html
    assert "the law says we must keep our accounts" in html


def test_after_erasure_the_money_stays_for_the_accounts_without_the_name_or_their_words(involved, project):
    erase_member(member=involved)
    involved.refresh_from_db()
    assert involved.display_name == FORMER_MEMBER_NAME
    record = InvolvementRecord.objects.get(member=involved)
    assert (record.hours, record.amount_pence, record.status, record.note) == (3, 6000, Status.PAID, "")
    lines = ExpenseLine.objects.filter(claim__member=involved).order_by("amount_pence")
    assert [(line.amount_pence, line.status) for line in lines] == [
        (450, Status.WAITING), (900, Status.DECLINED), (1250, Status.PAID)]
    assert {line.what_for for line in lines} == {""}
    assert not RewardChoice.objects.filter(member=involved).exists()


def test_after_erasure_receipts_of_money_paid_or_waiting_stay_and_of_money_not_paid_go(involved, django_capture_on_commit_callbacks):
    declined = Receipt.objects.get(line__status=Status.DECLINED)
    kept = list(Receipt.objects.exclude(line__status=Status.DECLINED))
    with django_capture_on_commit_callbacks(execute=True):
        erase_member(member=involved)
    assert not Receipt.objects.filter(pk=declined.pk).exists()
    assert not declined.file.storage.exists(declined.file.name)
    assert all(receipt.file.storage.exists(receipt.file.name) for receipt in kept)
    assert Receipt.objects.count() == 2


def test_a_failed_erasure_keeps_every_receipt_file(involved, django_capture_on_commit_callbacks):
    declined = Receipt.objects.get(line__status=Status.DECLINED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        erase_member(member=involved)
        raise RuntimeError("something after the erasure failed")
    assert declined.file.storage.exists(declined.file.name)
    assert Receipt.objects.filter(pk=declined.pk).exists()


def test_after_erasure_a_corrected_expense_keeps_the_receipt_it_shares_with_the_line_it_replaced(
        involved, lead, django_capture_on_commit_callbacks):
    from involvement.services_claims import correct_line

    waiting = ExpenseLine.objects.get(claim__member=involved, status=Status.WAITING)
    correction = correct_line(line=waiting, by=lead, amount_pence=400, reason="The bus was cheaper")
    shared = correction.receipts.get()
    assert shared.file.name == waiting.receipts.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        erase_member(member=involved)
    shared.refresh_from_db()
    assert shared.file.storage.exists(shared.file.name)
    assert not Receipt.objects.filter(line=waiting).exists()  # the replaced line's own copy goes
