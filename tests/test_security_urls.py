"""Every URL pattern, visited by everyone in the cast, answers as it should: never a server error, members-only pages
send anonymous visitors to sign in, the admin refuses people who do not run the network.

Data-driven: the walk iterates the URL resolver, so a new URL is covered the day it is added. Its path parameters
are filled from a small world (PARAM_VALUES, then a model whose name matches the parameter). A URL the walk cannot
fill, or a page open to anonymous visitors that is not in PUBLIC, fails with a message saying what to add.
EXPECT holds the special answers: who must be refused (403) or let in (200) on particular pages.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from projects.models import ProjectMembership
from tests import factories

WHO = ["anonymous", "member", "other_member", "project_lead", "lead", "staff_member"]
SIGNED_IN = WHO[1:]
SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")

# Pages anonymous visitors may see (anything else must send them to sign in).
PUBLIC = {
    "home",
    "healthz",
    "network:about",
    "network:easy_read",  # the Easy Read switch: a visitor's choice is kept in a cookie
    "network:contact",
    "network:contact_thanks",
    "network:accept_invitation",  # the invitation's token is the key
    "notifications:unsubscribe",  # one-click unsubscribe from an email, by token
    "support:welcome",  # a support person's invitation to make their account: the token is the key
    "meetings:feed",  # a member's personal calendar feed, by secret token, for calendar apps that cannot sign in
    "pledges:pledge",
    "pledges:version",
    "network:accessibility",  # the accessibility statement: for everyone, before they can sign in
    "network:choose_language",  # English or Welsh, for visitors too (a post)
}
PUBLIC_PREFIXES = ("account_",)  # allauth: signing in, signing up, resetting a password, confirming an address

# Answers that mean "refused" or "go elsewhere" for a signed-in person; never a server error.
SIGNED_IN_ANSWERS = {200, 302, 400, 403, 404, 405}
# healthz answers 503 when the broker is down, which is its job.
ANSWERS_OVERRIDE = {"healthz": {200, 503}}

OK, REFUSED = {200}, {403}
INSIDERS = {"member": OK, "project_lead": OK, "lead": OK, "staff_member": OK, "other_member": REFUSED}
MANAGERS = {"member": REFUSED, "other_member": REFUSED, "staff_member": REFUSED, "project_lead": OK, "lead": OK}
LEADS_ONLY = {"member": REFUSED, "other_member": REFUSED, "staff_member": REFUSED, "project_lead": REFUSED, "lead": OK}
EVERY_MEMBER = {who: OK for who in SIGNED_IN}
NOT_IN_THE_ADMIN = {who: {302, 403} for who in ("member", "other_member", "project_lead", "staff_member")}

# Staff (by role) export the record of projects they belong to; leads export any; nobody else.
EXPORTERS = {"lead": OK, "staff_member": OK, "member": REFUSED, "other_member": REFUSED, "project_lead": REFUSED}

# (URL name) → {who: allowed statuses}. `project` is the project of the cast (see tests/conftest.py).
EXPECT = {
    "admin:index": {**NOT_IN_THE_ADMIN, "lead": OK},
    "home": {**EVERY_MEMBER, "anonymous": OK},
    "pledges:pledge": {**EVERY_MEMBER, "anonymous": OK},
    "pledges:certificate": {"member": OK, "lead": OK, "other_member": REFUSED, "project_lead": REFUSED},
    "pledges:sign": {"member": {302}, **{w: OK for w in ("other_member", "project_lead", "lead", "staff_member")}},
    "projects:list": EVERY_MEMBER,
    "projects:detail": EVERY_MEMBER,
    "projects:my_actions": EVERY_MEMBER,
    "projects:members": INSIDERS,
    "projects:actions": INSIDERS,
    "projects:edit": MANAGERS,
    "projects:move_stage": MANAGERS,
    "projects:add_impact": MANAGERS,
    "projects:reflection_comments": MANAGERS,
    "projects:create": LEADS_ONLY,
    "network:profile": EVERY_MEMBER,
    "network:what_i_bring": EVERY_MEMBER,
    "network:change_what_i_bring": {"member": OK, **{who: {404} for who in SIGNED_IN if who != "member"}},
    "network:what_they_bring": LEADS_ONLY,
    "privacy:my_data": EVERY_MEMBER,
    "meetings:list": EVERY_MEMBER,
    "meetings:paper": {"member": OK, "lead": OK, "other_member": {403, 404}},
    "meetings:access_needs": {"lead": OK, "member": REFUSED, "other_member": REFUSED, "staff_member": REFUSED},
    "meetings:offline_list": {"lead": OK, "member": REFUSED, "other_member": REFUSED, "staff_member": REFUSED},
    "network:directory": EVERY_MEMBER,
    "network:add_offline_member": LEADS_ONLY,
    "network:invite": LEADS_ONLY,
    "network:manage_member": LEADS_ONLY,
    "network:edit_about": LEADS_ONLY,
    "privacy:offline_download": LEADS_ONLY,
    "privacy:offline_erase": LEADS_ONLY,
    # Is power shared: everyone sees the figures, the framework and the reviews; project leads add evidence; the
    # yearly report is for leads to print
    "partnership:figures": EVERY_MEMBER,
    "partnership:project_figures": EVERY_MEMBER,
    "partnership:framework": EVERY_MEMBER,
    "partnership:project_framework": EVERY_MEMBER,
    "partnership:add_evidence": MANAGERS,
    "partnership:reviews": EVERY_MEMBER,
    "partnership:review": EVERY_MEMBER,
    "partnership:certificate": EVERY_MEMBER,
    "partnership:report": LEADS_ONLY,
    # Involvement: each person's own; for leads, statements and the finance export
    "involvement:mine": EVERY_MEMBER,
    "involvement:statement": EVERY_MEMBER,
    "involvement:statement_for": LEADS_ONLY,
    "involvement:finance_export": LEADS_ONLY,
    "involvement:figures": LEADS_ONLY,
    "involvement:claim": {"member": OK, "lead": OK, "other_member": REFUSED, "project_lead": REFUSED,
                          "staff_member": REFUSED},
    "involvement:receipt": {"member": OK, "lead": OK, "other_member": REFUSED, "project_lead": REFUSED,
                            "staff_member": REFUSED},
    "involvement:waiting": LEADS_ONLY,
    "involvement:act": LEADS_ONLY,
    "involvement:project_figures": MANAGERS,
    # Support people: a lead records them for an offline member; nobody in the cast supports anyone, so every
    # page that acts for someone is refused to all of them
    "support:for_offline": LEADS_ONLY,
    "support:supporting": {who: REFUSED for who in SIGNED_IN},
    "support:reply_for": {who: REFUSED for who in SIGNED_IN},
    "support:access_needs_for": {who: REFUSED for who in SIGNED_IN},
    "exports:project_record": EXPORTERS,
    "exports:project_record_xlsx": EXPORTERS,
    "exports:project_record_zip": EXPORTERS,
    "exports:attendance_csv": EXPORTERS,
    "exports:members_csv": EXPORTERS,
}

# Path parameters: by name, as a function of the world. Unknown names fall back to a model of that name.
PARAM_VALUES = {
    "slug": lambda w: w.project.slug,
    "action_id": lambda w: w.action.pk,
    "membership_id": lambda w: w.join_request.pk,
    "item_id": lambda w: w.checklist_item.pk,
    "token": lambda w: "not-a-real-token",
    "key": lambda w: "not-a-real-key",
    "uidb36": lambda w: "zz",
    "app_label": lambda w: "network",
    "content_type_id": lambda w: ContentType.objects.get_for_model(w.project).pk,
    "year": lambda w: _tax_year_now(),
}


def _tax_year_now():
    from involvement.selectors.statements import tax_year_of

    return tax_year_of(timezone.localdate())
# A parameter name that means the app's main thing.
NAMESPACE_PARAMS = {
    "meetings": {"pk": lambda w: w.meeting.pk, "meeting_id": lambda w: w.meeting.pk},
    "projects": {"pk": lambda w: w.project.pk},
    "partnership": {"pk": lambda w: w.review.pk},
}
# Where one parameter name means different things in different places.
URL_PARAMS = {
    "network:manage_member": {"pk": lambda w: w.offline_member.pk},
    "network:change_role": {"pk": lambda w: w.offline_member.pk},
    "network:record_consent": {"pk": lambda w: w.offline_member.pk},
    "network:make_lead": {"pk": lambda w: w.other_member.pk},
    "network:change_power": {"pk": lambda w: w.other_member.pk},
    "privacy:offline_download": {"member_id": lambda w: w.offline_member.pk},
    "privacy:offline_erase": {"member_id": lambda w: w.offline_member.pk},
    # A lead records and claims for someone who does not use the site, and prints their statement
    "involvement:record_time_for": {"member_id": lambda w: w.offline_member.pk},
    "involvement:reward_for": {"member_id": lambda w: w.offline_member.pk},
    "involvement:claim_new_for": {"member_id": lambda w: w.offline_member.pk},
    "involvement:statement_for": {"member_id": lambda w: w.offline_member.pk},
    # A piece of what the member brings: only they may change or remove it
    "network:change_what_i_bring": {"pk": lambda w: w.piece.pk},
    "network:remove_what_i_bring": {"pk": lambda w: w.piece.pk},
    # The member's claim, its receipt and its line waiting for approval
    "involvement:claim": {"pk": lambda w: w.claim.pk},
    "involvement:receipt": {"pk": lambda w: w.receipt.pk},
    "involvement:approve": {"kind": lambda w: "line", "pk": lambda w: w.expense.pk},
    "involvement:act": {"kind": lambda w: "line", "pk": lambda w: w.expense.pk, "action": lambda w: "decline"},
    # A supporter acts for the member who named them; a lead records support people for an offline member
    "support:for_offline": {"member_id": lambda w: w.offline_member.pk},
    "support:supporting": {"member_id": lambda w: w.member.pk},
    "support:reply_for": {"member_id": lambda w: w.member.pk, "meeting_id": lambda w: w.meeting.pk},
    "support:access_needs_for": {"member_id": lambda w: w.member.pk},
    "support:change": {"link_id": lambda w: 0},
    "pledges:certificate": {"pk": lambda w: w.signature.pk},
    "pledges:version": {"pk": lambda w: w.earlier_version.pk},
    "admin:view_on_site": {"object_id": lambda w: w.project.pk},
    "admin:auth_user_password_change": {"id": lambda w: w.offline_member.pk},
    "meetings:paper": {"paper_id": lambda w: w.paper.pk},
    "partnership:certificate": {"pk": lambda w: w.recognition.pk},
}


@dataclass
class World:
    """The cast of tests/conftest.py, plus one of each thing a URL can point at."""

    project: object
    other_project: object
    member: object
    other_member: object
    project_lead: object
    lead: object
    staff_member: object
    offline_member: object
    join_request: object = None
    action: object = None
    checklist_item: object = None
    earlier_version: object = None
    signature: object = None
    meeting: object = None
    past_meeting: object = None
    paper: object = None
    review: object = None
    recognition: object = None
    claim: object = None
    expense: object = None
    receipt: object = None
    piece: object = None

    def person(self, who):
        return None if who == "anonymous" else getattr(self, who)


@pytest.fixture
def world(
    project, other_project, member, other_member, project_lead, lead, staff_member, offline_member, settings, tmp_path
):
    w = World(project, other_project, member, other_member, project_lead, lead, staff_member, offline_member)
    w.join_request = factories.ProjectMembershipFactory(project=project, status=ProjectMembership.Status.REQUESTED)
    action_model = apps.get_model("projects", "Action")
    w.action = action_model.objects.create(project=project, what="Ask the receptionists", owner=member)
    item_model = apps.get_model("projects", "StageChecklistItem")
    # A checklist point for every stage, so the project page shows the current one and the others folded away.
    for stage in ("preparing", "doing", "developing"):
        if not item_model.objects.filter(project=project, stage=stage).exists():
            item_model.objects.create(project=project, stage=stage, text=f"Agree what we check while {stage}")
    w.checklist_item = item_model.objects.filter(project=project, stage=project.stage).first()
    w.earlier_version = factories.PledgeVersionFactory(published_at=timezone.now() - timezone.timedelta(days=400))
    current = factories.PledgeVersionFactory()
    # The member has signed the current pledge, so the sign page sends them on; the others have not.
    w.signature = factories.PledgeSignatureFactory(member=member, version=current)
    # A project meeting for the project's members: its papers are for them and the leads only.
    w.meeting = factories.MeetingFactory(
        project=project,
        title="Calmer waiting rooms: planning",
        **_if_fields("meetings.Meeting", kind="project", audience="project"),
    )
    _meeting_details(w, settings, tmp_path)
    apps.get_model("meetings", "MeetingChair").objects.create(meeting=w.meeting, member=w.project_lead)  # "Chaired by"
    _partnership_details(w)
    _involvement_details(w)
    _what_the_member_brings(w)
    return w


def _what_the_member_brings(w):
    """A skill the member shares with the directory, and the ways they like to take part: shown on the project page
    and in the directory, found by a lead's search."""
    from network.what_i_bring import BringKind, TakingPart, WhatIBring, WhoMaySee

    w.piece = WhatIBring.objects.create(member=w.member, kind=BringKind.SKILL, text="Photography & zines",
                                        who_may_see=WhoMaySee.DIRECTORY)
    TakingPart.objects.create(member=w.member, ways=["talking", "drawing"], who_may_see=WhoMaySee.PROJECTS)


def _involvement_details(w):
    """The member's expense claim for the project's meeting: a bus fare, with a photo of the ticket."""
    from django.core.files.base import ContentFile

    from involvement.models import ExpenseClaim, ExpenseLine, Receipt

    w.claim = ExpenseClaim.objects.create(member=w.member, meeting=w.meeting, made_by=w.member)
    w.expense = ExpenseLine.objects.create(claim=w.claim, kind="transport", spent_on=timezone.localdate(),
                                           what_for="Bus there and back", amount_pence=480)
    w.receipt = Receipt(line=w.expense, original_name="ticket.png", content_type="image/png")
    w.receipt.file.save("ticket.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 32), save=False)
    w.receipt.size = w.receipt.file.size
    w.receipt.save()


def _partnership_details(w):
    """A review of partnership working with an answer, and a recognition of the project."""
    from partnership.models import Criterion, Recognition, Review, ReviewAnswer, ReviewQuestion
    from projects.models import Principle

    # The starting framework comes from a data migration, which tests that empty the database lose: make one.
    principle = Principle.objects.get_or_create(name="Sharing power fairly")[0]
    if not ReviewQuestion.objects.filter(in_use=True).exists():
        ReviewQuestion.objects.create(principle=principle, text="Do people who use services share in decisions?")
    if not Criterion.objects.filter(how="evidence", scope="project", stage="").exists():
        Criterion.objects.create(principle=principle, text="Everyone was offered expenses", how="evidence",
                                 scope="project")

    w.review = Review.objects.create(title="Our review of working together", period_start=timezone.localdate().replace(
        day=1) - timezone.timedelta(days=365), period_end=timezone.localdate().replace(day=1) - timezone.timedelta(days=1),
        opened_by=w.lead)
    question = ReviewQuestion.objects.filter(in_use=True).first()
    if question is not None:
        ReviewAnswer.objects.create(review=w.review, question=question, member=w.member, rating=4, text="Mostly")
    w.recognition = Recognition.objects.create(project=w.project, stage=w.project.stage, recognised_by=w.lead,
                                               note="Aims written with members")


def _meeting_details(w, settings, tmp_path):
    """Replies, an agenda, a paper; and a past meeting with attendance and minutes. Skipped if not built yet."""
    from django.core.files.base import ContentFile

    Paper, Attendance = _model("meetings.Paper"), _model("meetings.Attendance")
    if hasattr(factories, "InvitationFactory"):
        factories.InvitationFactory(
            meeting=w.meeting, member=w.member, response="attending", access_needs=["step_free"]
        )
    if hasattr(factories, "AgendaItemFactory"):
        factories.AgendaItemFactory(meeting=w.meeting, title="What makes the waiting room hard", presenter=w.member)
    if Paper is not None:
        settings.MEDIA_ROOT = str(tmp_path / "private-media")
        w.paper = Paper(meeting=w.meeting, title="Agenda", content_type="application/pdf", original_name="agenda.pdf")
        w.paper.file.save("agenda.pdf", ContentFile(b"%PDF-1.4\n% agenda\n"), save=False)
        w.paper.size = w.paper.file.size
        w.paper.save()
    starts = timezone.now() - timezone.timedelta(days=14)
    w.past_meeting = factories.MeetingFactory(
        project=w.project,
        title="Calmer waiting rooms: first look",
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=2),
    )
    if Attendance is not None:
        Attendance.objects.create(meeting=w.past_meeting, member=w.member, status="present")
    if hasattr(factories, "MinutesFactory"):
        factories.MinutesFactory(meeting=w.past_meeting, published_at=timezone.now())


def _if_fields(label, **values):
    """Only the values for fields the model has (features land one by one)."""
    model = _model(label)
    names = {f.name for f in model._meta.get_fields()} if model else set()
    return {k: v for k, v in values.items() if k in names}


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


# --- the walk -------------------------------------------------------------------------------------------------


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) for every named URL pattern, however deeply included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry.pattern


def parameter_names(pattern):
    if hasattr(pattern, "converters") and pattern.converters:
        return list(pattern.converters)
    regex = getattr(pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def _admin_model(name):
    """admin:network_member_change → Member, for admin URLs that point at one object."""
    match = re.match(r"admin:(\w+?)_(\w+)_(change|delete|history)$", name)
    if not match:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == match.group(1, 2):
            return model
    return None


def _model_named(stem):
    stem = stem.replace("_", "")
    candidates = [m for m in apps.get_models() if m._meta.model_name == stem]
    candidates = candidates or [m for m in apps.get_models() if m._meta.model_name.endswith(stem)]
    return candidates[0] if len(candidates) == 1 else None


def parameter_value(name, param, world):
    if param in URL_PARAMS.get(name, {}):
        return URL_PARAMS[name][param](world)
    namespace = name.split(":")[0] if ":" in name else ""
    if param in NAMESPACE_PARAMS.get(namespace, {}):
        return NAMESPACE_PARAMS[namespace][param](world)
    if param in PARAM_VALUES:
        return PARAM_VALUES[param](world)
    if param == "object_id":
        model = _admin_model(name)
        instance = model.objects.order_by("pk").first() if model else None
        return instance.pk if instance else 0
    model = _model_named(re.sub(r"_(id|pk)$", "", param))
    if model is not None:
        instance = model.objects.order_by("pk").first() or _made_by_factory(model)
        if instance is not None:
            return instance.pk
    return None


def _made_by_factory(model):
    """One instance from the model's factory in tests/factories.py, if it has one."""
    for value in vars(factories).values():
        meta = getattr(value, "_meta", None)
        if isinstance(value, type) and getattr(meta, "model", None) is model:
            return value()
    return None


def addresses(world):
    """[(name, address or None, why not)] for every named URL."""
    found = []
    for name, pattern in url_patterns():
        kwargs = {}
        missing = []
        for param in parameter_names(pattern):
            value = parameter_value(name, param, world)
            if value is None:
                missing.append(param)
            kwargs[param] = value
        if missing:
            found.append((name, None, f"no value for {missing}: add it to PARAM_VALUES or URL_PARAMS"))
            continue
        try:
            found.append((name, reverse(name, kwargs=kwargs or None), ""))
        except NoReverseMatch as error:
            found.append((name, None, f"cannot build the address from {kwargs}: {error}"))
    return found


def is_public(name):
    return name in PUBLIC or name.startswith(PUBLIC_PREFIXES)


def goes_to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN_PAGES)


def client_for(person, **kwargs):
    client = Client(**kwargs)
    if person is not None:
        client.force_login(person)
    return client


def answer(client, method, address):
    """The response, or the exception a server error would have been."""
    try:
        return getattr(client, method)(address), None
    except Exception as error:  # noqa: BLE001 - a server error of any kind is what we are looking for
        return None, f"{type(error).__name__}: {error}"


def judge(name, address, who, response):
    """What is wrong with this answer, or '' if nothing."""
    status = response.status_code
    if status >= 500 and status not in ANSWERS_OVERRIDE.get(name, ()):
        return f"server error {status}"
    expected = EXPECT.get(name, {}).get(who)
    if expected is not None and status not in expected:
        return f"answered {status}, expected {sorted(expected)}"
    if who == "anonymous":
        if name.startswith("admin:"):
            if status == 200 and name not in ("admin:login", "admin:jsi18n"):
                return "the admin showed a page to an anonymous visitor"
            return ""
        if not is_public(name) and not goes_to_sign_in(response) and status != 405:
            return (
                f"answered {status} to an anonymous visitor; members-only pages redirect to sign in "
                "(if this page is meant for everyone, add it to PUBLIC)"
            )
        return ""
    if name.startswith("admin:") and not world_person_runs_admin(who):
        if status == 200 and name not in ("admin:login", "admin:logout", "admin:jsi18n"):
            return "the admin showed a page to someone who does not run the network"
        return ""
    allowed = ANSWERS_OVERRIDE.get(name, SIGNED_IN_ANSWERS)
    if status not in allowed:
        return f"answered {status}"
    if goes_to_sign_in(response) and not name.startswith(("account_", "admin:")):
        return "sent a signed-in member to sign in again"
    return ""


def world_person_runs_admin(who):
    return who == "lead"


# --- the tests ----------------------------------------------------------------------------------------------


def test_every_url_can_be_visited_by_the_walk(world):
    unbuilt = [f"{name}: {why}" for name, address, why in addresses(world) if address is None]
    assert not unbuilt, "The URL walk cannot fill these addresses:\n" + "\n".join(unbuilt)


@pytest.mark.parametrize("who", WHO)
def test_every_url_answers_each_person_as_expected(who, world):
    person = world.person(who)
    problems = []
    for name, address, _why in addresses(world):
        if address is None:
            continue
        response, error = answer(client_for(person), "get", address)
        problem = error or judge(name, address, who, response)
        if problem:
            problems.append(f"GET {address} ({name}) as {who}: {problem}")
    assert not problems, f"{len(problems)} URL(s) answered {who} wrongly:\n" + "\n".join(problems)


@pytest.mark.parametrize("who", WHO)
def test_an_empty_post_to_any_url_never_gives_a_server_error(who, world):
    person = world.person(who)
    problems = []
    for name, address, _why in addresses(world):
        if address is None:
            continue
        response, error = answer(client_for(person), "post", address)
        if error:
            problems.append(f"POST {address} ({name}) as {who}: {error}")
        elif response.status_code >= 500 and response.status_code not in ANSWERS_OVERRIDE.get(name, ()):
            problems.append(f"POST {address} ({name}) as {who}: server error {response.status_code}")
        elif who == "anonymous" and not is_public(name) and not name.startswith("admin:"):
            if not goes_to_sign_in(response) and response.status_code not in (403, 405):
                problems.append(f"POST {address} ({name}) as anonymous: answered {response.status_code}")
    assert not problems, "\n".join(problems)


def test_the_table_of_expectations_names_only_urls_that_exist():
    names = {name for name, _ in url_patterns()}
    unknown = sorted(set(EXPECT) - names) + sorted(set(URL_PARAMS) - names)
    assert not unknown, f"EXPECT or URL_PARAMS name URLs that no longer exist: {unknown}"


def test_the_walk_itself_notices_a_members_only_page_shown_to_anonymous_visitors():
    class Fake:
        status_code = 200

    assert "redirect to sign in" in judge("projects:list", "/projects/", "anonymous", Fake())
    assert judge("projects:members", "/projects/x/members/", "other_member", Fake()).startswith("answered 200")
