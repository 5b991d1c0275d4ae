"""Who may do what with involvement time, payments and expenses (involvement/rules.py, the one authority), for every
role of the cast, on the rules themselves and on every involvement address and the admin's.

- a member sees and claims only their own; they cannot see, download a receipt of, approve or pay another's claim
  by typing its address (403 or 404, and nothing changes);
- leads and the finance team a lead grants see everyone's and handle the money; only leads act for an offline member;
- a project's lead sees their project's hours, never the amounts;
- the admin follows the same table (network/permissions.py).

A new address under /involvement/ fails test_every_involvement_address_is_in_the_table until it is added to PAGES.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from involvement.models import ExpenseLine, InvolvementRecord, Status, Step
from network.models import Power, Role
from tests import factories
from tests import involvement_world as world

ROLES = ["anonymous", "member", "other_member", "project_lead", "finance", "offline_members_lead", "lead",
         "superuser"]
SIGNED_IN = ROLES[1:]
MONEY = {"finance", "offline_members_lead", "lead", "superuser"}  # leads, and the finance power
LEADS = {"offline_members_lead", "lead", "superuser"}  # a superuser holds every power
YEAR = 2026


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def cast(db, member, other_member, project_lead, lead, offline_member):
    finance = factories.grant_power(factories.MemberFactory(display_name="Fran Finance", role=Role.STAFF),
                                    Power.FINANCE)
    offline_members_lead = factories.LeadFactory(display_name="Lou Lead")
    offline_member.added_by = offline_members_lead
    offline_member.save()
    superuser = factories.MemberFactory(display_name="Ada Admin", is_superuser=True, is_staff=True)
    return {"anonymous": None, "member": member, "other_member": other_member, "project_lead": project_lead,
            "finance": finance, "offline_members_lead": offline_members_lead, "lead": lead, "superuser": superuser}


@pytest.fixture
def things(cast, project, offline_member, private_media):
    """The member's claim (one line, with a receipt) and their time owed for the project, waiting for approval."""
    member = cast["member"]
    claim = world.claim(member, project=project, with_receipt=True, what_for="Bus to the project group")
    record = world.record(member, world.activity(project=project), amount_pence=4000)
    return {"claim": claim, "line": claim.lines.get(), "receipt": claim.lines.get().receipts.get(),
            "record": record, "offline_member": offline_member, "project": project, "member": member}


def client_for(person):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


# --- the rules ----------------------------------------------------------------------------------------------------

def _allowed(*who):
    return {role: role in who for role in ROLES}


EVERYONE_SIGNED_IN = _allowed(*SIGNED_IN)
RULES = {
    # permission, object: who may
    ("involvement.see_own", None): EVERYONE_SIGNED_IN,
    ("involvement.record_own_time", None): EVERYONE_SIGNED_IN,
    ("involvement.claim_own_expenses", None): EVERYONE_SIGNED_IN,
    ("involvement.choose_own_reward", None): EVERYONE_SIGNED_IN,
    ("involvement.see_item", "claim"): _allowed("member", *MONEY),
    ("involvement.see_item", "record"): _allowed("member", *MONEY),
    ("involvement.handle_money", None): _allowed(*MONEY),
    ("involvement.see_everyones", None): _allowed(*MONEY),
    ("involvement.export_for_finance", None): _allowed(*MONEY),
    ("involvement.see_amounts", None): _allowed(*MONEY),
    ("involvement.see_network_figures", None): _allowed(*MONEY),
    ("involvement.see_project_hours", "project"): _allowed("project_lead", *MONEY),
    ("involvement.act_for_offline_member", "offline_member"): _allowed(*LEADS),
    ("involvement.act_for_offline_member", "member"): _allowed(),  # a member who uses the site acts for themselves
}


@pytest.mark.parametrize("perm, obj", list(RULES))
def test_the_rules_let_in_exactly_the_right_people(cast, things, perm, obj):
    from django.contrib.auth.models import AnonymousUser

    target = things[obj] if obj else None
    got = {role: bool((person or AnonymousUser()).has_perm(perm, target)) for role, person in cast.items()}
    assert got == RULES[(perm, obj)]


def test_a_project_lead_sees_no_hours_of_a_project_they_do_not_lead(cast, other_project):
    assert not cast["project_lead"].has_perm("involvement.see_project_hours", other_project)


def test_a_staff_role_alone_gives_no_say_over_money(cast):
    staff = factories.MemberFactory(role=Role.STAFF)
    assert not staff.has_perm("involvement.handle_money")  # the role is what they say; only a granted power counts


def test_the_finance_power_taken_back_takes_the_money_pages_with_it(cast):
    from django.contrib.auth.models import Group

    from network.models import POWER_GROUPS

    finance = cast["finance"]
    finance.groups.remove(Group.objects.get(name=POWER_GROUPS[Power.FINANCE]))
    finance.forget_powers_cache()
    assert not finance.has_perm("involvement.handle_money")
    assert client_for(finance).get(reverse("involvement:waiting")).status_code == 403


# --- every address, for every role ---------------------------------------------------------------------------------

OK, REFUSED, TO_SIGN_IN = {200}, {403, 404}, {302}


def _expect(allowed, ok=OK):
    """{role: statuses}: anonymous visitors are sent to sign in; `allowed` roles get `ok`; the rest are refused."""
    return {role: TO_SIGN_IN if role == "anonymous" else (ok if role in allowed else REFUSED) for role in ROLES}


# name: (arguments, "@name" for one of `things`; {role: statuses}) for a GET
PAGES = {
    "involvement:mine": ({}, _expect(SIGNED_IN)),
    "involvement:statement": ({"year": YEAR}, _expect(SIGNED_IN)),
    "involvement:statement_for": ({"year": YEAR, "member_id": "@member"}, _expect(MONEY)),
    "involvement:finance_export": ({}, _expect(MONEY)),
    "involvement:claims": ({}, _expect(SIGNED_IN)),
    "involvement:claim_new": ({}, _expect(SIGNED_IN)),
    "involvement:claim_for_offline_member": ({}, _expect(MONEY, ok={302})),
    "involvement:claim_new_for": ({"member_id": "@offline_member"}, _expect(LEADS)),
    "involvement:claim": ({"pk": "@claim"}, _expect({"member", *MONEY})),
    "involvement:receipt": ({"pk": "@receipt"}, _expect({"member", *MONEY})),
    "involvement:waiting": ({}, _expect(MONEY)),
    # a button: POST only, for everyone (the refusals by POST are below)
    "involvement:approve": ({"kind": "line", "pk": "@line"}, _expect(SIGNED_IN, ok={405})),
    "involvement:act": ({"kind": "line", "pk": "@line", "action": "paid"}, _expect(MONEY)),
    "involvement:add_preparation": ({}, _expect(SIGNED_IN)),
    "involvement:record_time_for": ({"member_id": "@offline_member"}, _expect(LEADS)),
    "involvement:reward": ({}, _expect(SIGNED_IN)),
    "involvement:reward_for": ({"member_id": "@offline_member"}, _expect(LEADS)),
    "involvement:figures": ({}, _expect(MONEY)),
    "involvement:project_figures": ({"slug": "@project"}, _expect({"project_lead", *MONEY})),
    # the admin: leads only (the finance team handle money on the site's pages, not in the admin)
    "admin:involvement_involvementrecord_changelist": ({}, _expect(LEADS)),
    "admin:involvement_expenseclaim_changelist": ({}, _expect(LEADS)),
    "admin:involvement_involvementrecord_change": ({"object_id": "@record"}, _expect(LEADS)),
    "admin:involvement_involvementrecord_add": ({}, _expect(())),  # the register and the site make records
    "admin:involvement_expenseclaim_add": ({}, _expect(())),
    "admin:involvement_activity_changelist": ({}, _expect(LEADS)),
    "admin:involvement_paymentrate_add": ({}, _expect(LEADS)),  # a new rate, with the date it applies from
    "admin:involvement_involvementlevel_changelist": ({}, _expect(LEADS)),
}
ADMIN_SIGN_IN = {302}  # the admin sends people who are not staff to its own sign-in page


def _url(name, args, things):
    kwargs = {}
    for key, value in args.items():
        if isinstance(value, str) and value.startswith("@"):
            thing = things[value[1:]]
            value = thing.slug if key == "slug" else thing.pk
        kwargs[key] = value
    return reverse(name, kwargs=kwargs)


def _expected(name, role, statuses):
    if name.startswith("admin:") and role != "superuser" and statuses is REFUSED:
        return REFUSED | ADMIN_SIGN_IN
    return statuses


@pytest.mark.parametrize("name", list(PAGES))
def test_every_involvement_address_answers_each_role_as_the_rules_say(cast, things, name):
    args, expected = PAGES[name]
    url = _url(name, args, things)
    got = {role: client_for(person).get(url).status_code for role, person in cast.items()}
    wrong = {role: status for role, status in got.items() if status not in _expected(name, role, expected[role])}
    assert not wrong, f"{url}: {wrong} (expected {expected})"


def _involvement_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _involvement_names(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name and namespace == "involvement:":
            yield f"{namespace}{entry.name}"


def test_every_involvement_address_is_in_the_table():
    missing = sorted(set(_involvement_names()) - set(PAGES))
    assert not missing, f"add these to PAGES with who may see them: {missing}"


# --- by address, a member changes nothing that is not theirs ------------------------------------------------------

def _states(things):
    line = ExpenseLine.objects.get(pk=things["line"].pk)
    record = InvolvementRecord.objects.get(pk=things["record"].pk)
    return line.status, record.status, Step.objects.count(), ExpenseLine.objects.count()


ACTS = [
    ("approve", "line", {}),
    ("approve", "record", {}),
    ("decline", "line", {"reason": "Not agreed"}),
    ("decline", "record", {"reason": "Not agreed"}),
    ("paid", "line", {"paid_on": "2026-06-11", "method": "cash"}),
    ("paid", "record", {"paid_on": "2026-06-11", "method": "bank"}),
    ("correct", "line", {"amount": "1.00", "reason": "Typed wrong"}),
]


def _act_url(action, kind, things):
    pk = things[kind].pk
    if action == "approve":
        return reverse("involvement:approve", kwargs={"kind": kind, "pk": pk})
    return reverse("involvement:act", kwargs={"kind": kind, "pk": pk, "action": action})


@pytest.mark.parametrize("who", ["member", "other_member", "project_lead"])
@pytest.mark.parametrize("action, kind, data", ACTS)
def test_nobody_but_the_money_handlers_approves_declines_pays_or_corrects_by_address(cast, things, who, action,
                                                                                    kind, data):
    before = _states(things)
    response = client_for(cast[who]).post(_act_url(action, kind, things), data)
    assert response.status_code in REFUSED
    assert _states(things) == before


@pytest.mark.parametrize("action, kind, data", ACTS)
def test_a_visitor_who_is_not_signed_in_changes_nothing_either(cast, things, action, kind, data):
    before = _states(things)
    assert client_for(None).post(_act_url(action, kind, things), data).status_code == 302
    assert _states(things) == before


def test_the_finance_team_approves_and_pays_by_the_same_address(cast, things):
    finance = client_for(cast["finance"])
    assert finance.post(_act_url("approve", "line", things)).status_code == 302
    assert ExpenseLine.objects.get(pk=things["line"].pk).status == Status.APPROVED
    finance.post(_act_url("paid", "line", things), {"paid_on": "2026-06-11", "method": "cash"})
    assert ExpenseLine.objects.get(pk=things["line"].pk).status == Status.PAID


def test_a_member_cannot_see_or_download_a_receipt_of_another_members_claim(cast, things):
    other = client_for(cast["other_member"])
    for url in (reverse("involvement:claim", args=[things["claim"].pk]),
                reverse("involvement:receipt", args=[things["receipt"].pk])):
        response = other.get(url)
        assert response.status_code in REFUSED
        assert b"Bus to the project group" not in response.content and b"%PDF" not in b"".join(
            getattr(response, "streaming_content", [response.content]))


def test_a_claim_or_receipt_that_does_not_exist_is_not_found_for_everyone(cast, things):
    for role in ("member", "lead"):
        client = client_for(cast[role])
        assert client.get(reverse("involvement:claim", args=[999999])).status_code == 404
        assert client.get(reverse("involvement:receipt", args=[999999])).status_code == 404


def test_a_project_leads_figures_page_shows_no_money(cast, things):
    html = client_for(cast["project_lead"]).get(
        reverse("involvement:project_figures", args=[things["project"].slug])).content.decode()
    assert "£" not in html
