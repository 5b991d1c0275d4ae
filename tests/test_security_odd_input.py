"""Odd input anywhere never gives a server error, and a form that refuses input saves nothing.

Found by fuzzing: a `next` that was a bare word, a NUL in the directory search kept in the session, a NUL in an
admin list filter, a year too long for a date filter, an unknown filter on an admin export page. These tests throw
NULs, lone surrogates, 10,000-character strings, negative and huge numbers and unknown ids at

- every query parameter of every page (site pages as a member and a lead; every admin page of every model in
  admin.site._registry as a superuser and a lead): the names come from the page itself (its links, its search
  forms, the admin's filters and date drill-down) plus the usual ones (page, q, role, p, o, …);
- every form a member or a lead can post, found in the pages' own HTML;
- every address with an id in it, given ids that do not exist.

The pages come from the URL walk of tests/test_security_urls.py, so a new page or form is covered the day it is
added. Each post runs in a transaction that is rolled back. A lone surrogate is sent the way a client would send
it, as its UTF-8-ish bytes (%ED%A0%80), since it cannot travel as text.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.core.cache import cache
from django.db import connection, models, transaction
from django.forms import BaseForm
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories, test_security_urls
from tests.test_security_urls import addresses, parameter_names, url_patterns

world = test_security_urls.world  # the URL walk's small world (a fixture)

NUL, SURROGATE, LONG = "a\x00b", "\ud800", "x" * 10_000
ODD_VALUES = [
    "\x00",
    NUL,
    SURROGATE,
    "x\udfffy",
    LONG,
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    str(2**63),
    "999999999",  # an id nobody has
    "1.5",
    "",
    " ",
    "%00",
    "<script>alert(1)</script>",
]
ODD = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.integers(-(10**25), 10**25).map(str),
    st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs", "Cc", "Cs"]), max_size=30),
)
# Query parameters every list might read, whatever it shows.
USUAL_PARAMETERS = ["page", "p", "q", "o", "role", "search", "next", "e", "_facets", "all", "status", "kind", "id"]
# What none of these tests may post to or follow: signing out ends the session the next examples need.
SKIP = ("account_logout", "admin:logout")
SIGNED_IN_ANSWERS = {200, 301, 302, 400, 403, 404, 405, 429}

EXAMPLES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def encoded(pairs):
    """A query string or form body as a client would send it; a lone surrogate goes as its bytes (%ED%A0%80)."""
    return "&".join(f"{quote(k, errors='surrogatepass')}={quote(v, errors='surrogatepass')}" for k, v in pairs)


def get(client, address, pairs=()):
    query = encoded(pairs)
    return client.get(f"{address}?{query}" if query else address)


def post(client, address, pairs):
    return client.post(address, encoded(pairs), content_type="application/x-www-form-urlencoded")


# --- what the pages themselves say they read --------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)  # name -> values the page offers (may be empty)
    multiple: set = field(default_factory=set)  # names sent more than once (checkboxes, multiple selects)


class PageReader(HTMLParser):
    """The query parameters a page's own links and GET forms use, and its POST forms with their fields."""

    def __init__(self, address):
        super().__init__()
        self.address = address
        self.parameters, self.forms = set(), []
        self._form = None
        self._select = None
        self._seen = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            parts = urlsplit(attrs["href"])
            if parts.path in ("", self.address):
                self.parameters |= {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            action = urlsplit(attrs.get("action") or self.address).path or self.address
            self._form = Form(action) if method == "post" else Form(action="GET")
            self._seen = {}
        elif self._form is not None and tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            name, kind = attrs["name"], (attrs.get("type") or "").lower()
            if name == "csrfmiddlewaretoken" or kind == "file":
                return
            values = self._form.fields.setdefault(name, [])
            if attrs.get("value") is not None:
                values.append(attrs["value"])
            self._seen[name] = self._seen.get(name, 0) + 1
            if kind == "checkbox" and self._seen[name] > 1 or "multiple" in attrs:
                self._form.multiple.add(name)
            if tag == "select":
                self._select = name
        elif tag == "option" and self._form is not None and self._select:
            self._form.fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            if self._form.action == "GET":
                self.parameters |= set(self._form.fields)
            elif self._form.fields:
                self.forms.append(self._form)
            self._form = None


def admin_parameters(response):
    """An admin list's own filters and date drill-down, from its ChangeList."""
    changelist = (response.context or {}).get("cl") if response.status_code == 200 else None
    if changelist is None:
        return set()
    names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
    if changelist.date_hierarchy:
        names |= {f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return names


def admin_addresses():
    """Every admin page of every registered model that needs no id: its list, its export, its add page…"""
    prefixes = {f"admin:{m._meta.app_label}_{m._meta.model_name}_" for m in admin.site._registry}
    found = []
    for name, pattern in url_patterns():
        if name.startswith(tuple(prefixes)) and not parameter_names(pattern):
            found.append((name, reverse(name)))
    return found


@dataclass
class Walk:
    """Who visits, the pages they reach, each page's query parameters, and the forms those pages show."""

    people: dict
    pages: list  # (who, name, address, the parameters the page itself uses)
    forms: list  # (who, Form)


def _walk(world, people, targets):
    pages, forms, seen_forms = [], [], set()
    for who, person in people.items():
        client = Client()
        client.force_login(person)
        for name, address in targets(who):
            response = client.get(address)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            reader = PageReader(address)
            reader.feed(response.content.decode())
            pages.append((who, name, address, sorted(reader.parameters | admin_parameters(response))))
            for form in reader.forms:
                key = (who, form.action, tuple(sorted(form.fields)))
                if key not in seen_forms and not any(form.action == reverse(s) for s in SKIP):
                    seen_forms.add(key)
                    forms.append((who, form))
    return Walk(people, pages, forms)


def site_addresses(world):
    return [(n, a) for n, a, _ in addresses(world) if a and not n.startswith("admin:") and n not in SKIP]


@pytest.fixture
def site_walk(world):
    return _walk(world, {"member": world.member, "lead": world.lead}, lambda who: site_addresses(world))


@pytest.fixture
def admin_walk(world):
    # The superuser reaches every admin page whatever the permission rules say; the lead sees what leads see.
    superuser = factories.MemberFactory(display_name="Sid Superuser", is_staff=True, is_superuser=True)
    walk = _walk(world, {"superuser": superuser, "lead": world.lead}, lambda who: admin_addresses())
    filters = {address: parameters for who, _n, address, parameters in walk.pages if who == "superuser"}
    walk.pages = [(who, n, a, filters.get(a, p)) for who, n, a, p in walk.pages]
    return walk


def signed_in(walk, who):
    client = Client()
    client.force_login(walk.people[who])
    return client


# --- query parameters --------------------------------------------------------------------------------------------


def _every_parameter_with_a_nul(walk, people):
    """Each parameter a page itself uses, alone, holding a NUL (the usual names get the random test below)."""
    problems, asked = [], 0
    clients = {who: signed_in(walk, who) for who in walk.people}
    for who, name, address, parameters in walk.pages:
        if who not in people:
            continue
        for parameter in parameters or ["q"]:
            asked += 1
            response = get(clients[who], address, [(parameter, NUL)])
            if response.status_code not in SIGNED_IN_ANSWERS:
                problems.append(f"GET {address}?{parameter}=a%00b ({name}) as {who}: {response.status_code}")
    return problems, asked


def test_a_nul_in_any_query_parameter_of_any_site_page_is_never_a_server_error(site_walk):
    problems, asked = _every_parameter_with_a_nul(site_walk, ("member", "lead"))
    assert asked > 60, "the walk reached almost no pages"
    assert not problems, "\n".join(problems)


def test_a_nul_in_any_filter_of_any_admin_page_is_never_a_server_error(admin_walk):
    # The superuser reaches every admin page, so each filter is tried once; the lead gets the random test.
    problems, asked = _every_parameter_with_a_nul(admin_walk, ("superuser",))
    assert asked > 100, "the walk reached almost no admin pages"
    assert not problems, "\n".join(problems)


def _odd_queries_never_fail(walk):
    clients = {who: signed_in(walk, who) for who in walk.people}

    @EXAMPLES
    @given(data=st.data())
    def check(data):
        who, name, address, parameters = data.draw(st.sampled_from(walk.pages), label="page")
        names = st.sampled_from(sorted({*parameters, *USUAL_PARAMETERS}))
        pairs = data.draw(st.lists(st.tuples(names, ODD), min_size=1, max_size=4), label="query")
        response = get(clients[who], address, pairs)
        assert response.status_code in SIGNED_IN_ANSWERS, f"GET {address} {pairs!r} as {who}: {response.status_code}"

    check()


def test_odd_values_in_the_query_of_any_site_page_are_never_a_server_error(site_walk):
    _odd_queries_never_fail(site_walk)


def test_odd_values_in_the_query_of_any_admin_page_are_never_a_server_error(admin_walk):
    _odd_queries_never_fail(admin_walk)


def test_an_admin_date_filter_with_a_year_too_long_shows_the_list(db):
    dated = [
        (
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
            f"{model_admin.date_hierarchy}__year",
        )
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    ]
    assert dated, "no admin list has a date drill-down any more"
    client = Client()
    client.force_login(factories.MemberFactory(is_staff=True, is_superuser=True))
    for address, parameter in dated:
        assert get(client, address, [(parameter, "99999999999999999999")]).status_code == 200, address


# --- unknown ids in addresses ------------------------------------------------------------------------------------


def test_an_address_with_an_id_nobody_has_answers_not_found_not_a_server_error(world):
    client = Client()
    client.force_login(world.lead)
    problems, tried = [], 0
    for name, address, _why in addresses(world):
        if not address or name in SKIP:
            continue
        kwargs = resolve(address).kwargs
        ids = [p for p in kwargs if isinstance(kwargs[p], int)]
        for unknown in ids and (999_999_999, 10**20):
            odd_address = reverse(name, kwargs={**kwargs, **dict.fromkeys(ids, unknown)})
            for method in ("get", "post"):
                tried += 1
                status = getattr(client, method)(odd_address).status_code
                if status >= 500:
                    problems.append(f"{method.upper()} {odd_address} ({name}): {status}")
    assert tried > 20, "the walk found almost no addresses with an id"
    assert not problems, "\n".join(problems)


# --- forms ---------------------------------------------------------------------------------------------------------


def _tables():
    """Every table but the sessions, counted in one query."""
    from django.contrib.sessions.models import Session

    tables = sorted({m._meta.db_table for m in apps.get_models() if m is not Session and m._meta.managed})
    # Table names from the models, quoted: nothing from outside goes into this query.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)  # noqa: S608
    return tables, f"SELECT {counts}"


def row_counts():
    tables, sql = _tables()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def stored_odd_values():
    """Text the database holds that no form should have let through: a NUL, or longer than its column.
    (PostgreSQL refuses both itself, as a server error; SQLite would keep them quietly.)"""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in ("network", "meetings", "notifications", "projects", "exports", "pledges"):
            continue
        text = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        if not text:
            continue
        for row in model.objects.values_list("pk", *[f.attname for f in text]):
            for f, value in zip(text, row[1:], strict=True):
                if isinstance(value, str) and ("\x00" in value or (f.max_length and len(value) > f.max_length)):
                    found.append(f"{model.__name__} {row[0]} {f.name}: {value[:40]!r}… ({len(value)} characters)")
    return found


def _form_values(form, draw):
    pairs = []
    for name, offered in form.fields.items():
        choice = draw(
            st.sampled_from(["odd", "offered", "missing"]) if offered else st.sampled_from(["odd", "missing"])
        )
        if choice == "missing":
            continue
        count = draw(st.integers(1, 3)) if name in form.multiple else 1
        for _ in range(count):
            value = draw(ODD) if choice == "odd" else draw(st.sampled_from(offered))
            pairs.append((name, value))
    return pairs


def was_refused(response):
    """A refusal page, or a form shown again with what is wrong (a page saying "done" is neither)."""
    if response.status_code >= 400:
        return True
    contexts = (
        response.context if isinstance(response.context, list) else [response.context] if response.context else []
    )
    return any(
        isinstance(value, BaseForm) and value.is_bound and value.errors
        for context in contexts
        for value in context.flatten().values()
    )


def _post_in_a_rolled_back_transaction(walk, who, form, pairs):
    cache.clear()  # rate limits
    mail.outbox = []
    with transaction.atomic():
        client = signed_in(walk, who)
        before = row_counts()
        response = post(client, form.action, pairs)
        after = row_counts()
        stored = stored_odd_values() if connection.vendor == "sqlite" and response.status_code == 302 else []
        transaction.set_rollback(True)
    where = f"POST {form.action} {[(k, v[:30]) for k, v in pairs]!r} as {who}"
    assert response.status_code in SIGNED_IN_ANSWERS, f"{where}: {response.status_code}"
    if was_refused(response):
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert not changed, f"{where} answered {response.status_code} but changed row counts {changed}"
    assert not stored, f"{where} stored {stored}"


def test_every_form_with_an_odd_value_in_every_field_saves_nothing_wrong_and_never_fails(site_walk):
    actions = {form.action for _who, form in site_walk.forms}
    assert reverse("pledges:sign") in actions and reverse("network:directory") in actions
    assert reverse("projects:create") in actions and len(actions) > 15, sorted(actions)
    for odd in (NUL, SURROGATE, LONG, "-1", "99999999999999999999", "999999999"):
        for who, form in site_walk.forms:
            _post_in_a_rolled_back_transaction(site_walk, who, form, [(name, odd) for name in form.fields])


def test_any_mix_of_offered_and_odd_values_in_any_form_saves_nothing_wrong_and_never_fails(site_walk):
    @settings(EXAMPLES, max_examples=300)
    @given(data=st.data())
    def check(data):
        who, form = data.draw(st.sampled_from(site_walk.forms), label="form")
        _post_in_a_rolled_back_transaction(site_walk, who, form, _form_values(form, data.draw))

    check()


# --- the three found by fuzzing, as a person meets them ------------------------------------------------------------


def test_a_member_signing_the_pledge_with_a_next_that_is_not_an_address_is_thanked_and_signed(member, db):
    from pledges.models import PledgeSignature

    version = factories.PledgeVersionFactory()
    client = Client()
    client.force_login(member)
    response = client.post("/pledge/sign/?next=foo", {"version": version.pk, "commitment": "I will listen"})
    assert response.status_code == 302 and response["Location"] == reverse("pledges:signed")
    assert PledgeSignature.objects.filter(member=member, version=version).exists()


@pytest.mark.parametrize("next_url", ["foo", "//elsewhere.example/", "https://elsewhere.example/", "/a\r\nb", "/\\x"])
def test_the_pledge_page_never_offers_a_next_that_is_not_an_address_on_this_site(next_url, member, db):
    factories.PledgeVersionFactory()
    client = Client()
    client.force_login(member)
    response = get(client, reverse("pledges:sign"), [("next", next_url)])
    assert response.status_code == 200 and response.context["next_url"] == ""


def test_a_member_who_searched_with_a_nul_can_still_use_the_directory_and_finds_by_the_rest(member, db):
    factories.MemberFactory(display_name="Abby Listed", in_directory=True)
    client = Client()
    client.force_login(member)
    back = post(client, reverse("network:directory"), [("q", "Ab\x00by")])
    for _ in range(2):  # the kept search works every time, not only once
        page = client.get(back["Location"])
        assert page.status_code == 200 and "Abby Listed" in page.content.decode()


def test_a_directory_search_kept_from_before_with_odd_characters_does_not_break_the_page(member, db):
    client = Client()
    client.force_login(member)
    session = client.session
    session["directory_search"] = "a\x00b\ud800" + "x" * 10_000
    session.save()
    assert client.get(reverse("network:directory") + "?search=1").status_code == 200
    session["directory_search"] = ["not", "text"]
    session.save()
    assert client.get(reverse("network:directory") + "?search=1").status_code == 200


def test_an_unknown_filter_on_an_admin_export_page_after_one_retry_leads_to_the_plain_page(client, db):
    superuser = factories.MemberFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    url = reverse("admin:network_member_export")
    answer = client.get(url, {"kind": "", "e": "1"})
    assert answer.status_code == 302 and answer["Location"] == url
    assert client.get(answer["Location"]).status_code == 200
