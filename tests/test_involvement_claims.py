"""Expense claims (issue 18, line 4) and their approval and payment (line 5), as a member, a lead and the finance
team notice them: what is saved, what is refused with which words, who is told, who may look."""

import datetime as dt
import struct
import zlib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from involvement.forms_claims import parse_pounds
from involvement.models import (
    Activity,
    ExpenseClaim,
    ExpenseLine,
    InvolvementLevel,
    InvolvementRecord,
    Receipt,
    Reward,
    Status,
    Step,
)
from involvement.services_claims import approve, make_claim, mark_paid
from network.models import Power
from notifications.models import Delivery
from tests import factories


def png_bytes(width=8, height=8):
    """A real PNG (a grey square), as a phone's photo of a receipt would be by content."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def meeting(member):
    m = factories.MeetingFactory(title="Network meeting in November",
                                 starts_at=timezone.now() - dt.timedelta(days=3))
    factories.InvitationFactory(meeting=m, member=member)
    return m


@pytest.fixture
def finance(db):
    person = factories.MemberFactory(display_name="Fin Finance")
    return factories.grant_power(person, Power.FINANCE)


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def claim_post(meeting, **line):
    data = {
        "for_what": f"meeting-{meeting.pk}",
        "line-TOTAL_FORMS": "3", "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "1", "line-MAX_NUM_FORMS": "3",
        "line-0-kind": "transport", "line-0-spent_on": yesterday().isoformat(), "line-0-what_for": "Bus there and back",
        "line-0-amount": "3.20",
    }
    data.update({f"line-0-{k}": v for k, v in line.items()})
    return data


def a_line(member, *, amount=320, meeting=None):
    return make_claim(member=member, made_by=member, meeting=meeting, lines=[{
        "kind": "transport", "spent_on": yesterday(), "what_for": "Bus", "miles": None, "amount_pence": amount,
    }]).lines.get()


def a_record(member, *, amount=5000, title="Interview panel for a peer worker"):
    level = InvolvementLevel.objects.filter(pays_involvement_payment=True).first()
    activity = Activity.objects.create(title=title, kind=Activity.Kind.INTERVIEW,
                                       level=level, happens_on=yesterday())
    return InvolvementRecord.objects.create(member=member, activity=activity, on=yesterday(), hours=Decimal(2),
                                            level=level, reward=Reward.PAYMENT, rate_pence=2500, amount_pence=amount)


# --- Amounts: pounds typed as people type them, to exact pence --------------------------------------------------

@pytest.mark.parametrize("typed, pence", [
    ("12.50", 1250), ("£12.50", 1250), (" £ 3.20 ", 320), ("12", 1200), ("12.5", 1250), ("0.05", 5), ("999.99", 99999),
])
def test_amounts_typed_as_pounds_become_exact_pence(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize("typed, words", [
    ("0", "more than £0.00"), ("-3", "cannot be less than nothing"), ("12.505", "no more than 2 numbers"),
    ("1e3", "like 12.50"), ("12,50", "like 12.50"), ("1 2", "like 12.50"), ("١٢", "like 12.50"), ("1,250.00", "more than £1,000"),
    ("NaN", "like 12.50"), ("£", "like 12.50"),
])
def test_odd_amounts_are_refused_with_words_a_person_understands(client, member, meeting, typed, words):
    client.force_login(member)
    response = client.post(reverse("involvement:claim_new"), claim_post(meeting, amount=typed))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not ExpenseClaim.objects.exists()


# --- Claiming ---------------------------------------------------------------------------------------------------

def test_a_member_claims_bus_fare_with_a_photo_of_the_receipt(client, member, meeting, settings):
    client.force_login(member)
    photo = SimpleUploadedFile("bus-ticket.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("involvement:claim_new"), {**claim_post(meeting, amount="£3.20"),
                                                               "line-0-receipt": photo}, follow=True)
    claim = ExpenseClaim.objects.get()
    assert (claim.member, claim.meeting, claim.made_by) == (member, meeting, member)
    line = claim.lines.get()
    assert (line.amount_pence, line.status) == (320, Status.WAITING)
    receipt = line.receipts.get()
    assert (receipt.content_type, receipt.original_name) == ("image/png", "bus-ticket.png")
    assert str(settings.MEDIA_ROOT) in receipt.file.path and "bus-ticket" not in receipt.file.name
    page = response.content.decode()
    assert f"Your claim {claim.reference} is waiting for approval" in page
    assert "£3.20" in page and "Waiting for approval" in page


def test_driving_is_paid_at_the_mileage_rate_worked_out_by_us_not_what_was_typed(client, member, meeting):
    client.force_login(member)
    client.post(reverse("involvement:claim_new"), claim_post(meeting, kind="mileage", miles="12.5", amount="999"))
    line = ExpenseLine.objects.get()
    assert (line.miles, line.pence_per_mile, line.amount_pence) == (Decimal("12.5"), 45, 563)  # 12.5 x 45p = 562.5


def test_driving_with_no_miles_is_refused(client, member, meeting):
    client.force_login(member)
    response = client.post(reverse("involvement:claim_new"), claim_post(meeting, kind="mileage", amount=""))
    assert "Type how many miles you drove" in response.content.decode()
    assert not ExpenseLine.objects.exists()


def test_a_receipt_that_is_a_web_page_renamed_pdf_is_refused_and_nothing_is_saved(client, member, meeting):
    client.force_login(member)
    fake = SimpleUploadedFile("receipt.pdf", b"<!doctype html><html><body>receipt</body></html>",
                              content_type="application/pdf")
    response = client.post(reverse("involvement:claim_new"), {**claim_post(meeting), "line-0-receipt": fake})
    assert "This file is not really a PDF file" in response.content.decode()
    assert not ExpenseClaim.objects.exists() and not Receipt.objects.exists()


def test_a_12_mb_photo_is_refused_as_too_big(client, member, meeting):
    client.force_login(member)
    big = SimpleUploadedFile("receipt.png", png_bytes() + b"\x00" * (12 * 1024 * 1024), content_type="image/png")
    response = client.post(reverse("involvement:claim_new"), {**claim_post(meeting), "line-0-receipt": big})
    assert "This file is too big. Receipts can be up to 10 MB" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_a_word_file_is_not_a_receipt(client, member, meeting):
    client.force_login(member)
    doc = SimpleUploadedFile("receipt.docx", b"PK\x03\x04rest", content_type="application/msword")
    response = client.post(reverse("involvement:claim_new"), {**claim_post(meeting), "line-0-receipt": doc})
    assert "A receipt can be a photo or a PDF" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_a_date_in_the_future_is_refused(client, member, meeting):
    client.force_login(member)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("involvement:claim_new"), claim_post(meeting, spent_on=tomorrow))
    assert "This date is in the future" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_a_member_cannot_claim_for_a_meeting_they_were_not_invited_to(client, member, meeting):
    elsewhere = factories.MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(member)
    response = client.post(reverse("involvement:claim_new"), {**claim_post(meeting), "for_what": f"meeting-{elsewhere.pk}"})
    assert "Select a valid choice" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_a_second_cost_is_saved_and_a_half_filled_one_is_refused(client, member, meeting):
    client.force_login(member)
    half = {**claim_post(meeting), "line-1-what_for": "Lunch"}
    response = client.post(reverse("involvement:claim_new"), half)
    assert response.content.decode().count("This field is required") == 2  # its kind and date
    assert not ExpenseClaim.objects.exists()
    client.post(reverse("involvement:claim_new"), {**half, "line-1-kind": "meal", "line-1-spent_on": yesterday().isoformat(),
                                                   "line-1-amount": "6"})
    assert sorted(ExpenseLine.objects.values_list("amount_pence", flat=True)) == [320, 600]


def test_once_the_register_is_taken_only_a_member_who_came_can_claim_for_the_meeting(client, member, meeting):
    from meetings.models import Attendance

    Attendance.objects.create(meeting=meeting, member=factories.MemberFactory())  # the register is taken
    mine = Attendance.objects.create(meeting=meeting, member=member, status=Attendance.Status.ABSENT)
    client.force_login(member)
    response = client.post(reverse("involvement:claim_new"), claim_post(meeting))
    assert meeting.title not in response.content.decode() and "Select a valid choice" in response.content.decode()
    assert not ExpenseClaim.objects.exists()
    mine.status = Attendance.Status.PRESENT
    mine.save()
    assert client.post(reverse("involvement:claim_new"), claim_post(meeting)).status_code == 302
    assert ExpenseClaim.objects.get().meeting == meeting


def test_a_member_can_claim_for_a_project_they_are_in(client, member, meeting, project):
    client.force_login(member)
    client.post(reverse("involvement:claim_new"), {**claim_post(meeting), "for_what": f"project-{project.pk}"})
    assert ExpenseClaim.objects.get().project == project


def test_a_member_with_nothing_to_claim_for_is_told_how_to_get_there(client, db):
    loner = factories.MemberFactory()
    client.force_login(loner)
    response = client.get(reverse("involvement:claim_new"))
    assert "You can claim once you are invited to a meeting or are in a project" in response.content.decode()


def test_a_lead_claims_for_an_offline_member_who_gets_no_email_and_the_lead_sees_each_step(
        client, lead, offline_member, finance, django_capture_on_commit_callbacks):
    met = factories.MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    factories.InvitationFactory(meeting=met, member=offline_member)
    client.force_login(lead)
    page = client.get(reverse("involvement:waiting")).content.decode()
    assert "Claim for someone who does not use the site" in page and offline_member.display_name in page
    client.post(reverse("involvement:claim_new_for", args=[offline_member.pk]), claim_post(met))
    claim = ExpenseClaim.objects.get()
    assert (claim.member, claim.made_by) == (offline_member, lead)
    with django_capture_on_commit_callbacks(execute=True):
        approve(item=claim.lines.get(), by=finance)
    assert not mail.outbox
    assert Delivery.objects.get(member=offline_member).skip_reason == Delivery.SkipReason.NO_EMAIL
    assert "Approved" in client.get(reverse("involvement:claim", args=[claim.pk])).content.decode()


def test_a_lead_cannot_claim_for_a_member_who_uses_the_site(client, lead, member, meeting):
    client.force_login(lead)
    assert client.get(reverse("involvement:claim_new_for", args=[member.pk])).status_code == 403


# --- Approval and payment ---------------------------------------------------------------------------------------

def test_finance_approves_then_marks_paid_and_the_member_is_emailed_at_each_step(
        client, member, meeting, finance, django_capture_on_commit_callbacks):
    line = a_line(member, meeting=meeting)
    client.force_login(finance)
    page = client.get(reverse("involvement:waiting")).content.decode()
    assert "£3.20" in page and member.display_name in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("involvement:approve", args=["line", line.pk]))
    line.refresh_from_db()
    assert line.status == Status.APPROVED
    assert mail.outbox[-1].to == [member.email] and "approved" in mail.outbox[-1].body
    assert mail.outbox[-1].subject == f"Your claim {line.claim.reference} is approved"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("involvement:act", args=["line", line.pk, "paid"]),
                               {"paid_on": yesterday().isoformat(), "method": "cash"}, follow=True)
    assert "Marked as paid" in response.content.decode()
    line.refresh_from_db()
    assert line.status == Status.PAID
    assert [s.outcome for s in line.steps.all()] == [Step.Outcome.APPROVED, Step.Outcome.PAID]
    assert "Cash on the day" in mail.outbox[-1].body and len(mail.outbox) == 2


def test_the_claim_page_has_the_buttons_for_finance_but_not_for_the_member(client, member, finance):
    line = a_line(member)
    url = reverse("involvement:claim", args=[line.claim_id])
    approve_url = reverse("involvement:approve", args=["line", line.pk])
    client.force_login(finance)
    assert approve_url in client.get(url).content.decode()
    client.force_login(member)
    assert approve_url not in client.get(url).content.decode()


def test_not_approving_needs_a_reason_which_the_member_reads(client, member, lead, django_capture_on_commit_callbacks):
    line = a_line(member)
    client.force_login(lead)
    url = reverse("involvement:act", args=["line", line.pk, "decline"])
    assert "This field is required" in client.post(url, {"reason": " "}).content.decode()
    line.refresh_from_db()
    assert line.status == Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Taxis need agreeing before the day."})
    line.refresh_from_db()
    assert line.status == Status.DECLINED
    assert "Taxis need agreeing before the day." in mail.outbox[-1].body


def test_a_declined_cost_cannot_be_paid(client, member, lead):
    line = a_line(member)
    client.force_login(lead)
    client.post(reverse("involvement:act", args=["line", line.pk, "decline"]), {"reason": "Not for this meeting."})
    response = client.post(reverse("involvement:act", args=["line", line.pk, "paid"]),
                           {"paid_on": yesterday().isoformat(), "method": "bank"})
    assert "Only something approved and not yet paid can be marked paid" in response.content.decode()
    line.refresh_from_db()
    assert line.status == Status.DECLINED and line.steps.count() == 1


def test_a_voucher_needs_its_number_and_a_payment_date_cannot_be_in_the_future(client, member, finance):
    line = a_line(member)
    approve(item=line, by=finance)
    client.force_login(finance)
    url = reverse("involvement:act", args=["line", line.pk, "paid"])
    assert "Type the voucher number" in client.post(url, {"paid_on": yesterday().isoformat(), "method": "voucher"}).content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "This date is in the future" in client.post(url, {"paid_on": tomorrow, "method": "bank"}).content.decode()
    line.refresh_from_db()
    assert line.status == Status.APPROVED
    client.post(url, {"paid_on": yesterday().isoformat(), "method": "voucher", "payment_reference": "LOVE2SHOP-0042"})
    assert line.steps.get(outcome=Step.Outcome.PAID).payment_reference == "LOVE2SHOP-0042"


def test_nobody_approves_their_own_claim(client, finance):
    line = a_line(finance)
    client.force_login(finance)
    response = client.post(reverse("involvement:approve", args=["line", line.pk]), follow=True)
    assert "Someone else must approve or pay your own claims" in response.content.decode()
    line.refresh_from_db()
    assert line.status == Status.WAITING


def test_a_wrong_amount_is_corrected_by_a_new_line_and_the_old_one_is_kept(client, member, finance):
    line = a_line(member, amount=3200)
    Receipt.objects.create(line=line, file="receipts/x.png", original_name="x.png", content_type="image/png", size=1)
    client.force_login(finance)
    client.post(reverse("involvement:act", args=["line", line.pk, "correct"]),
                {"amount": "3.20", "reason": "The ticket says £3.20."})
    line.refresh_from_db()
    new = line.replaced_by
    assert (line.status, line.amount_pence) == (Status.REPLACED, 3200)
    assert (new.status, new.amount_pence, new.receipts.get().original_name) == (Status.WAITING, 320, "x.png")
    assert line.steps.get().outcome == Step.Outcome.REPLACED
    assert "corrects £32.00" in client.get(reverse("involvement:waiting")).content.decode()


def test_involvement_payments_owed_wait_next_to_expenses_and_are_approved_and_paid(client, member, finance):
    record = a_record(member)
    nothing_owed = a_record(member, amount=0, title="Reading group")
    client.force_login(finance)
    page = client.get(reverse("involvement:waiting")).content.decode()
    assert "Interview panel for a peer worker" in page and "£50.00" in page
    assert "Reading group" not in page  # a record with nothing owed waits for no one
    client.post(reverse("involvement:approve", args=["record", record.pk]))
    assert "£50.00" in client.get(reverse("involvement:waiting") + "?show=to_pay").content.decode()
    client.post(reverse("involvement:act", args=["record", record.pk, "paid"]),
                {"paid_on": yesterday().isoformat(), "method": "bank", "payment_reference": "BACS 17"})
    record.refresh_from_db()
    nothing_owed.refresh_from_db()
    assert (record.status, nothing_owed.status) == (Status.PAID, Status.WAITING)


# --- Nobody sees or changes another person's claim --------------------------------------------------------------

def test_a_member_cannot_see_download_approve_or_pay_another_members_claim_by_url(client, member, other_member, finance):
    line = a_line(member)
    receipt = Receipt.objects.create(line=line, file=SimpleUploadedFile("r.png", png_bytes()), original_name="r.png",
                                     content_type="image/png", size=10)
    record = a_record(member)
    client.force_login(other_member)
    for url in [reverse("involvement:claim", args=[line.claim_id]), reverse("involvement:receipt", args=[receipt.pk]),
                reverse("involvement:waiting"), reverse("involvement:act", args=["line", line.pk, "decline"])]:
        assert client.get(url).status_code == 403, url
    for url, data in [(reverse("involvement:approve", args=["line", line.pk]), {}),
                      (reverse("involvement:approve", args=["record", record.pk]), {}),
                      (reverse("involvement:act", args=["line", line.pk, "decline"]), {"reason": "no"}),
                      (reverse("involvement:act", args=["line", line.pk, "correct"]), {"amount": "1", "reason": "x"})]:
        assert client.post(url, data).status_code == 403, url
    client.force_login(member)  # their own claim: they see it but cannot approve it
    assert client.get(reverse("involvement:claim", args=[line.claim_id])).status_code == 200
    assert client.post(reverse("involvement:approve", args=["line", line.pk])).status_code == 403
    line.refresh_from_db()
    record.refresh_from_db()
    assert (line.status, record.status, Step.objects.count()) == (Status.WAITING, Status.WAITING, 0)


def test_a_receipt_downloads_privately_for_its_claimant_and_finance(client, member, finance):
    line = a_line(member)
    receipt = Receipt.objects.create(line=line, file=SimpleUploadedFile("r.png", png_bytes()), original_name="bus.png",
                                     content_type="image/png", size=10)
    for person in (member, finance):
        client.force_login(person)
        response = client.get(reverse("involvement:receipt", args=[receipt.pk]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith('attachment; filename="bus.png"')
        assert b"".join(response.streaming_content) == png_bytes()


def test_the_claims_list_shows_only_the_members_own(client, member, other_member):
    a_line(member)
    theirs = a_line(other_member, amount=999)
    client.force_login(member)
    page = client.get(reverse("involvement:claims")).content.decode()
    assert "£3.20" in page and "£9.99" not in page and theirs.claim.reference not in page


def test_the_finance_power_is_granted_and_withdrawn_from_the_admin(client, lead, member):
    client.force_login(lead)
    changelist = reverse("admin:network_member_changelist")
    client.post(changelist, {"action": "let_handle_money", "_selected_action": [member.pk]})
    assert member.has_perm("involvement.handle_money")
    client.post(changelist, {"action": "stop_handling_money", "_selected_action": [member.pk]})
    member.forget_powers_cache()
    assert not member.has_perm("involvement.handle_money")


# --- Query counts do not grow with the number of items ----------------------------------------------------------

def _fill(n):
    for _ in range(n):
        person = factories.MemberFactory()
        line = a_line(person)
        Receipt.objects.create(line=line, file="receipts/a.png", original_name="a.png", content_type="image/png", size=1)
        a_record(person)


def _queries(client, url):
    client.get(url)  # the first visit may also store the session; count a visit like every later one
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/involvement/waiting/", "/involvement/waiting/?show=to_pay"])
def test_the_waiting_page_reads_the_same_number_of_times_for_3_or_30_items(client, lead, url):
    client.force_login(lead)
    _fill(3)
    few = _queries(client, url)
    _fill(27)
    assert _queries(client, url) == few


def test_the_claims_list_reads_the_same_number_of_times_for_3_or_30_claims(client, member, finance):
    client.force_login(member)

    def make(n):
        for _ in range(n):
            line = a_line(member)
            approve(item=line, by=finance)
            mark_paid(item=line, by=finance, paid_on=yesterday(), method="bank")
    make(3)
    few = _queries(client, "/involvement/claims/")
    make(27)
    assert _queries(client, "/involvement/claims/") == few


# --- Anything at all typed into the claim form ------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
AMOUNTISH = st.one_of(ANY_TEXT, st.decimals(allow_nan=True, allow_infinity=True).map(str),
                      st.integers(-10**9, 10**9).map(str), st.floats().map(str),
                      st.sampled_from(["0", "-3", "12.505", "1e3", "£12.50", "12,50", "１２", "0x10", "1_000", " "]))


@given(typed=AMOUNTISH)
def test_any_amount_is_exact_pence_in_range_or_refused_in_words(typed):
    from django.core.exceptions import ValidationError

    try:
        pence = parse_pounds(typed)
    except ValidationError as error:
        assert error.messages and all(m.strip() for m in error.messages)
    else:
        assert isinstance(pence, int) and 0 < pence <= 100_000
        assert Decimal(typed.strip().lstrip("£").strip().replace(",", "")) * 100 == pence


@given(pounds=st.integers(0, 999), pence=st.integers(0, 99))
def test_pounds_and_pence_come_back_exactly(pounds, pence):
    if pounds or pence:
        assert parse_pounds(f"£{pounds}.{pence:02d}") == pounds * 100 + pence


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(post=st.fixed_dictionaries({}, optional={
    "for_what": st.one_of(ANY_TEXT, st.just("meeting-1")), "line-TOTAL_FORMS": st.one_of(ANY_TEXT, st.just("3")),
    "line-INITIAL_FORMS": st.just("0"), "line-0-kind": st.one_of(ANY_TEXT, st.sampled_from(ExpenseLine.Kind.values)),
    "line-0-spent_on": st.one_of(ANY_TEXT, st.dates().map(str)), "line-0-what_for": ANY_TEXT,
    "line-0-amount": AMOUNTISH, "line-0-miles": AMOUNTISH, "line-1-what_for": ANY_TEXT, "line-1-amount": AMOUNTISH,
}))
def test_anything_posted_to_the_claim_form_is_refused_or_saved_sensibly(client, member, meeting, post):
    client.force_login(member)
    if post.get("for_what") == "meeting-1":
        post["for_what"] = f"meeting-{meeting.pk}"
    response = client.post(reverse("involvement:claim_new"), post)
    assert response.status_code in (200, 302)
    for line in ExpenseLine.objects.all():
        assert 0 < line.amount_pence <= 100_000 and line.spent_on <= timezone.localdate()
        assert line.kind in ExpenseLine.Kind.values and line.claim.member == member


def test_a_members_home_can_say_how_their_claims_stand(member, finance):
    from involvement.selectors.claims import claims_news_for

    a_line(member)
    approved = a_line(member)
    approve(item=approved, by=finance)
    paid = a_line(member)
    approve(item=paid, by=finance)
    mark_paid(item=paid, by=finance, paid_on=yesterday(), method="bank")
    assert claims_news_for(member) == {"waiting": 1, "approved": 1, "paid_lately": 1}


def test_the_member_is_told_when_their_involvement_payment_is_paid(member, finance, django_capture_on_commit_callbacks):
    record = a_record(member)
    approve(item=record, by=finance)
    with django_capture_on_commit_callbacks(execute=True):
        mark_paid(item=record, by=finance, paid_on=yesterday(), method="bank", payment_reference="BACS 17")
    message = mail.outbox[-1]
    assert message.subject == "Your involvement payment has been paid"
    assert "Interview panel for a peer worker" in message.body and "£50.00" in message.body
    assert "Bank transfer (BACS 17)" in message.body and "/involvement/" in message.body


def test_a_members_home_says_how_their_claims_stand_and_links_to_them(client, member, finance):
    client.force_login(member)
    assert "Your expense claims" not in client.get("/").content.decode()  # nothing claimed, nothing shown
    a_line(member)
    approve(item=a_line(member), by=finance)
    page = client.get("/").content.decode()
    assert "1 cost is waiting for approval." in page and "1 cost is approved. We will pay it soon." in page
    assert reverse("involvement:claims") in page
