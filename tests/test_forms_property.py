"""Property-based tests (hypothesis) for the main forms: no input gives a server error, and input the form refuses
changes nothing.

To cover a new form, add a FormCase to FORMS: the URL, who sends it, a strategy for anything a person (or a
script) might post, a strategy for input that must be refused, and what "changed" means for that form.
Each example runs in its own transaction, rolled back afterwards, with rate limits and the outbox cleared.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network.models import AccessNeed, Member, Role
from pledges.models import PledgeSignature
from projects.models import ProjectMembership
from tests import factories
from tests.factories import PASSWORD

# Anything a browser, a confused person or a script might type: any Unicode that can travel in a form post,
# including control characters and NUL, which PostgreSQL refuses to store.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=600)
SHORT_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
NASTY = st.sampled_from(["", " ", "\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "é" * 300, "\u202e"])
EMAILISH = st.one_of(st.emails(), SHORT_TEXT, NASTY, st.builds(lambda a: f"{a}@example.org", SHORT_TEXT))
PASSWORDISH = st.one_of(st.just(PASSWORD), SHORT_TEXT, NASTY)


def maybe(strategy):
    """A field that may be missing from the post altogether."""
    return st.one_of(st.none(), strategy)


def post_data(**fields):
    """A strategy for a form post: each field present with a value from its strategy, or missing."""
    return st.fixed_dictionaries({name: maybe(strategy) for name, strategy in fields.items()}).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


@dataclass
class FormCase:
    name: str
    url: Callable[[dict], str]  # world -> address
    anything: st.SearchStrategy  # any post at all
    refused: st.SearchStrategy  # posts this form must refuse
    state: Callable[[dict], Any]  # world -> what a refused post must leave as it was
    who: str = "anonymous"  # "anonymous", or a key of the world: "member", "lead"
    setup: Callable[[], dict] = lambda: {}
    refused_with: tuple = (200, 400, 429)  # how this form answers a refused post (a redirect for some)
    invariant: Callable[[dict], str] | None = None  # world -> what is wrong in the database, "" if nothing


def _member_world():
    version = factories.PledgeVersionFactory()
    member = factories.MemberFactory(email="mo@example.org")
    return {"version": version, "member": member, "project": factories.ProjectFactory(title="Calmer waiting rooms")}


def _signed_pledge_world():
    world = _member_world()
    factories.PledgeSignatureFactory(member=world["member"], version=world["version"])
    return world


def _asks_to_join_world():
    """A project whose leads decide who joins: there, both questions must be answered (on open projects they are optional)."""
    world = _signed_pledge_world()
    world["project"].join_policy = "on_request"
    world["project"].save()
    return world


def _meeting_world():
    world = _member_world()
    world["meeting"] = factories.MeetingFactory(title="Network meeting")
    return world


def _lead_world():
    return {"lead": factories.LeadFactory(email="lena@example.org")}


def _replies():
    from meetings.models import Invitation

    return sorted(Invitation.objects.values_list("member_id", "response", "access_needs", "access_needs_notes"))


def _only_real_replies(world):
    """Whatever was posted, a stored reply holds a known answer and known access needs."""
    from meetings.models import Invitation
    from network.models import AccessNeed

    for response, needs in Invitation.objects.values_list("response", "access_needs"):
        if response not in Invitation.Response.values or not set(needs) <= set(AccessNeed.values):
            return f"stored a reply {response!r} with access needs {needs!r}"
    return ""


def _projects():
    from projects.models import Project

    return Project.objects.count()


SIGNUP_FIELDS = {
    "email": EMAILISH,
    "password1": PASSWORDISH,
    "password2": PASSWORDISH,
    "display_name": st.one_of(SHORT_TEXT, NASTY),
    "role": st.one_of(st.sampled_from(Role.values), SHORT_TEXT),
}
VALID_SIGNUP = {
    "email": "nia@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "Nia",
    "role": Role.CARER,
}


def _one_thing_wrong_with_sign_up():
    """A valid sign-up with exactly one thing wrong."""
    wrongs = st.one_of(
        st.tuples(st.just("email"), st.one_of(st.just(""), st.just("not-an-email"), st.just("a\x00@example.org"))),
        st.tuples(st.just("password2"), st.just("a-different-password-2026")),
        st.tuples(st.just("password1"), st.sampled_from(["short", "1234567890123", "password1234"])),
        st.tuples(st.just("display_name"), st.sampled_from(["", "   ", "x" * 121, "Ni\x00a"])),
        st.tuples(st.just("role"), st.sampled_from(["", "boss", "STAFF", "\x00"])),
    )

    def apply(wrong):
        field, value = wrong
        data = dict(VALID_SIGNUP)
        data[field] = value
        if field == "password1":
            data["password2"] = value
        return data

    return wrongs.map(apply)


FORMS = [
    FormCase(
        name="sign up",
        url=lambda w: reverse("account_signup"),
        anything=post_data(**SIGNUP_FIELDS),
        refused=_one_thing_wrong_with_sign_up(),
        state=lambda w: (Member.objects.count(), len(mail.outbox)),
    ),
    FormCase(
        name="sign in",
        url=lambda w: reverse("account_login"),
        setup=lambda: {"member": factories.MemberFactory(email="mo@example.org")},
        anything=post_data(login=EMAILISH, password=PASSWORDISH, remember=st.sampled_from(["on", "x"])),
        refused=post_data(login=st.just("mo@example.org"), password=st.one_of(SHORT_TEXT, NASTY)).filter(
            lambda d: d.get("password") != PASSWORD
        ),
        state=lambda w: w["client"].session.get("_auth_user_id"),
    ),
    FormCase(
        name="contact the network",
        url=lambda w: reverse("network:contact"),
        anything=post_data(name=ANY_TEXT, email=EMAILISH, phone=st.one_of(SHORT_TEXT, NASTY), message=ANY_TEXT),
        refused=post_data(name=st.just("Sam"), message=st.just("Hello"), email=st.just(""), phone=st.just("")),
        state=lambda w: (_enquiries(), len(mail.outbox)),
    ),
    FormCase(
        name="take the pledge",
        who="member",
        setup=_member_world,
        url=lambda w: reverse("pledges:sign"),
        anything=post_data(
            version=st.one_of(st.integers(-5, 10**12).map(str), SHORT_TEXT),
            commitment=ANY_TEXT,
            show_on_wall=st.sampled_from(["on", "true", "", "\x00"]),
        ),
        refused=st.one_of(
            post_data(version=st.just("999999999"), commitment=SHORT_TEXT),
            st.just({"commitment": "x" * 501}),
        ),
        state=lambda w: PledgeSignature.objects.count(),
    ),
    FormCase(
        name="join a project",
        who="member",
        setup=_asks_to_join_world,
        url=lambda w: reverse("projects:join", kwargs={"slug": w["project"].slug}),
        anything=post_data(why_involved=ANY_TEXT, contribution=ANY_TEXT),
        refused=st.one_of(
            post_data(why_involved=st.just(""), contribution=SHORT_TEXT),
            post_data(why_involved=SHORT_TEXT, contribution=st.just("   ")),
            st.just({"why_involved": "x" * 2001, "contribution": "help"}),
        ),
        state=lambda w: ProjectMembership.objects.count(),
    ),
    FormCase(
        name="reply to a meeting",
        who="member",
        setup=_meeting_world,
        url=lambda w: reverse("meetings:reply", kwargs={"pk": w["meeting"].pk}),
        anything=post_data(
            response=st.one_of(st.sampled_from(["attending", "maybe", "apologies", "waiting", ""]), SHORT_TEXT),
            access_needs=st.lists(st.one_of(st.sampled_from(AccessNeed.values), SHORT_TEXT), max_size=4),
            access_needs_notes=ANY_TEXT,
        ),
        refused=post_data(
            response=st.sampled_from(["", "waiting", "coming", "\x00", "ATTENDING"]),
            access_needs=st.lists(st.sampled_from(AccessNeed.values), max_size=2),
        ),
        refused_with=(302,),  # back to the meeting page, with a message saying what to choose
        state=lambda w: _replies(),
        invariant=_only_real_replies,
    ),
    FormCase(
        name="start a project",
        who="lead",
        setup=_lead_world,
        url=lambda w: reverse("projects:create"),
        anything=post_data(
            title=st.one_of(SHORT_TEXT, NASTY),
            slug=st.one_of(SHORT_TEXT, NASTY),
            summary=ANY_TEXT,
            involvement_level=st.one_of(st.just("co_production"), SHORT_TEXT),
            needs_tier=st.one_of(st.just("community"), SHORT_TEXT),
            join_policy=st.one_of(st.just("open"), SHORT_TEXT),
        ),
        refused=st.one_of(
            st.just(
                {
                    "title": "",
                    "summary": "Something",
                    "involvement_level": "co_production",
                    "needs_tier": "community",
                    "join_policy": "open",
                }
            ),
            st.just(
                {
                    "title": "Quiet corner",
                    "summary": "",
                    "involvement_level": "co_production",
                    "needs_tier": "community",
                    "join_policy": "open",
                }
            ),
            post_data(
                title=st.just("Quiet corner"),
                summary=st.just("Something"),
                involvement_level=st.sampled_from(["ladder", "", "\x00"]),
            ),
        ),
        state=lambda w: _projects(),
    ),
]


def _enquiries():
    from django.apps import apps

    return apps.get_model("network", "Enquiry").objects.count()


def _send(case, data):
    """Post `data` inside a transaction that is rolled back; return (status, state before, state after)."""
    cache.clear()  # rate limits
    mail.outbox = []
    with transaction.atomic():
        world = case.setup()
        client = Client()
        if case.who != "anonymous":
            client.force_login(world[case.who])
        world["client"] = client
        before = case.state(world)
        try:
            response = client.post(case.url(world), data)
        except Exception as error:  # noqa: BLE001 - any exception here is a server error for the person
            pytest.fail(f"{case.name}: posting {data!r} raised {type(error).__name__}: {error}")
        after = case.state(world)
        wrong = case.invariant(world) if case.invariant else ""
        transaction.set_rollback(True)
    assert not wrong, f"{case.name}: posting {data!r} {wrong}"
    return response.status_code, before, after


PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.name.replace(" ", "-"))
def test_no_input_gives_a_server_error_and_a_form_shown_again_changed_nothing(case, db):
    @PROPERTY_SETTINGS
    @given(data=case.anything)
    def check(data):
        status, before, after = _send(case, data)
        assert status < 500, f"{case.name}: posting {data!r} gave a server error {status}"
        if status != 302:  # not accepted: the form came back with errors, or a refusal
            assert before == after, f"{case.name}: posting {data!r} answered {status} but changed {before} → {after}"

    check()


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.name.replace(" ", "-"))
def test_input_the_form_must_refuse_is_refused_and_changes_nothing(case, db):
    @PROPERTY_SETTINGS
    @given(data=case.refused)
    def check(data):
        status, before, after = _send(case, data)
        assert status in case.refused_with, f"{case.name}: {data!r} was not refused (answered {status})"
        assert before == after, f"{case.name}: the refused post {data!r} changed {before} → {after}"

    check()


def test_a_valid_sign_up_is_accepted_so_the_refusals_above_mean_something(db):
    status, before, after = _send(FORMS[0], dict(VALID_SIGNUP))
    assert status == 302 and after[0] == before[0] + 1


# --- uploads: meeting papers ---------------------------------------------------------------------------------

FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "agenda.pdf",
            "minutes.docx",
            "photo.JPG",
            "notes.odt",
            "run-me.exe",
            "agenda.pdf.exe",
            "no-ending",
            ".pdf",
            "agenda.PDF",
            "évènement.png",
            "a\x00b.pdf",
        ]
    ),
    st.builds(
        lambda stem, ending: f"{stem}.{ending}",
        SHORT_TEXT.filter(lambda s: "/" not in s and s.strip()),
        st.sampled_from(["pdf", "docx", "png", "gif", "html", "svg", "zip", "js"]),
    ),
)
FILE_CONTENT = st.one_of(
    st.binary(max_size=2048),
    st.sampled_from(
        [
            b"%PDF-1.4\n%\xe2\xe3\n",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
            b"MZ\x90\x00" + b"\x00" * 60,
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
            b"PK\x03\x04" + b"\x00" * 40,
        ]
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=FILE_NAMES, content=FILE_CONTENT)
def test_an_uploaded_paper_is_accepted_only_when_its_content_is_what_its_name_says(name, content, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    forms = pytest.importorskip("meetings.forms")
    with transaction.atomic():
        meeting = factories.MeetingFactory()
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        form = forms.PaperAdminForm(data={"title": "Agenda", "meeting": meeting.pk}, files={"file": upload})
        valid = form.is_valid()  # never raises, whatever the name or bytes
        transaction.set_rollback(True)
    if valid:
        ending = name.rsplit(".", 1)[-1].lower()
        assert forms.detect_paper_type(content) == forms.ALLOWED[ending], (
            f"{name!r} accepted with content {content[:20]!r}"
        )
