"""The member directory: signed-in members only, opt-in only, role shown only by choice, paginated, counted queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Role
from network.views_members import DIRECTORY_PAGE_SIZE
from tests import factories

URL = reverse("network:directory")


def listed(**kwargs):
    return factories.MemberFactory(in_directory=True, **kwargs)


def search(client, words, **fields):
    """Search as the form does: posted, then shown at an address that holds no name."""
    response = client.post(URL, {"q": words, **fields})
    assert response.status_code == 302 and words not in response["Location"]
    return client.get(response["Location"])


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["member", "other_member", "lead", "staff_member"])
def test_every_signed_in_member_sees_the_directory(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_only_members_who_opted_in_are_listed(client, member):
    listed(display_name="Ada Listed")
    factories.MemberFactory(display_name="Hidden Harriet", in_directory=False)
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert "Ada Listed" in page
    assert "Hidden Harriet" not in page
    assert "Mo Member" not in page  # the viewer did not opt in either


def test_a_member_who_did_not_opt_in_is_never_found_by_search_filter_or_count(client, member):
    listed(display_name="Open Olwen", role=Role.CARER, show_role_in_directory=True)
    factories.MemberFactory(display_name="Private Olwen", role=Role.CARER, show_role_in_directory=True,
                            in_directory=False)
    client.force_login(member)
    by_search = search(client, "Olwen")
    assert "Private Olwen" not in by_search.content.decode()
    assert by_search.context["page"].paginator.count == 1
    by_filter = client.get(URL, {"role": Role.CARER})
    assert "Private Olwen" not in by_filter.content.decode()
    assert by_filter.context["page"].paginator.count == 1
    carers = next(o for o in by_filter.context["role_options"] if o["value"] == Role.CARER)
    assert carers["count"] == 1
    assert search(client, "Private").context["page"].paginator.count == 0


def test_search_finds_members_by_any_part_of_their_name(client, member):
    listed(display_name="Grace Whitfield")
    listed(display_name="Ben Hughes")
    client.force_login(member)
    response = search(client, "whit")
    names = [m.display_name for m in response.context["page"].object_list]
    assert names == ["Grace Whitfield"]


def test_role_is_shown_only_for_members_who_chose_to_show_it(client, member):
    listed(display_name="Shown Sam", role=Role.SERVICE_USER, show_role_in_directory=True)
    listed(display_name="Quiet Quinn", role=Role.SERVICE_USER, show_role_in_directory=False)
    client.force_login(member)
    page = client.get(URL).content.decode()
    quinn_card = page[page.index("Quiet Quinn"):page.index("Shown Sam")]
    assert "Service user" not in quinn_card
    assert "Service user / expert by experience</span>" in page


def test_role_filter_and_its_counts_include_only_members_showing_their_role(client, member):
    listed(display_name="Shown Sam", role=Role.SERVICE_USER, show_role_in_directory=True)
    listed(display_name="Quiet Quinn", role=Role.SERVICE_USER, show_role_in_directory=False)
    listed(display_name="Vol Val", role=Role.VOLUNTEER, show_role_in_directory=True)
    client.force_login(member)
    response = client.get(URL, {"role": Role.SERVICE_USER})
    assert [m.display_name for m in response.context["page"].object_list] == ["Shown Sam"]
    counts = {o["value"]: o["count"] for o in response.context["role_options"]}
    assert counts == {Role.SERVICE_USER: 1, Role.CARER: 0, Role.STAFF: 0, Role.PEER_SUPPORT: 0, Role.VOLUNTEER: 1}


def test_an_unknown_role_in_the_address_shows_everyone_listed_rather_than_an_error(client, member):
    listed(display_name="Ada Listed")
    client.force_login(member)
    response = client.get(URL, {"role": "nonsense", "page": "banana"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_the_directory_is_split_into_pages_that_keep_the_search(client, member):
    for n in range(DIRECTORY_PAGE_SIZE + 3):
        listed(display_name=f"Person {n:02d}")
    client.force_login(member)
    listed(display_name="Someone Else")
    first = search(client, "Person")
    assert len(first.context["page"].object_list) == DIRECTORY_PAGE_SIZE
    assert "?search=1&amp;page=2" in first.content.decode() and "Person&" not in first.content.decode()
    second = client.get(URL, {"search": "1", "page": 2})
    assert len(second.context["page"].object_list) == 3


def test_a_searched_name_never_appears_in_an_address_and_an_empty_search_shows_everyone(client, member):
    listed(display_name="Nia Jones", role=Role.CARER, show_role_in_directory=True)
    listed(display_name="Sam Other")
    client.force_login(member)
    response = client.post(URL, {"q": "Nia", "role": Role.CARER})
    assert response["Location"] == f"{URL}?role=carer&search=1"
    page = client.get(response["Location"])
    assert [m.display_name for m in page.context["page"].object_list] == ["Nia Jones"]
    assert 'value="Nia"' in page.content.decode()  # the box still shows what was searched for
    # Without ?search=1 (a bookmark, the menu) the directory is not filtered by an old search.
    assert client.get(URL).context["page"].paginator.count == 2
    # Posting an empty search forgets the old one.
    client.post(URL, {"q": ""})
    assert client.get(URL, {"search": "1"}).context["page"].paginator.count == 2
    # A name typed into the address is ignored, not searched for or repeated in links.
    by_address = client.get(URL, {"q": "Nia"})
    assert by_address.context["page"].paginator.count == 2 and "q=Nia" not in by_address.content.decode()


def test_the_search_form_is_posted_with_a_csrf_token(client, member):
    client.force_login(member)
    page = client.get(URL).content.decode()
    form = page[page.index('role="search"') - 200 : page.index("Find members")]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form


def _queries_for_directory(client, n):
    for i in range(n):
        listed(role=Role.CARER, show_role_in_directory=bool(i % 2), pronouns="they/them")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_members_listed(client, member, lead):
    client.force_login(lead)  # leads see extra links on each card
    client.get(URL)  # warm the session and permission caches
    with_three = _queries_for_directory(client, 3)
    with_thirty = _queries_for_directory(client, 27)
    assert with_three == with_thirty


def test_the_menu_offers_the_directory_to_signed_in_members_only(client, member):
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()
    client.force_login(member)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
