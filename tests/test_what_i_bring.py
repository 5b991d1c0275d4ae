"""What I bring: a member's pieces, each seen only as they chose; leads search them; the project page and the
directory show what members share; erasing an account takes them away."""

import pytest
from django.urls import reverse

from network.models import Member, TakingPart, WhatIBring
from network.what_i_bring import BringKind, WhoMaySee
from tests import factories

pytestmark = pytest.mark.django_db

BRING = reverse("network:what_i_bring")
SEARCH = reverse("network:what_they_bring")
DIRECTORY = reverse("network:directory")


def piece(member, text, who=WhoMaySee.LEADS, kind=BringKind.INTEREST):
    return WhatIBring.objects.create(member=member, kind=kind, text=text, who_may_see=who)


def signed_in(client, person):
    client.force_login(person)
    return client


# --- who may see each piece: the rule, for each viewer ---------------------------------------------------------

SEES = {
    # (visibility, viewer): may see a piece of `member` (an active member of `project`, listed in the directory)
    (WhoMaySee.LEADS, "lead"): True,
    (WhoMaySee.LEADS, "project_lead"): False,
    (WhoMaySee.LEADS, "other_member"): False,
    (WhoMaySee.LEADS, "anonymous"): False,
    (WhoMaySee.PROJECTS, "lead"): True,
    (WhoMaySee.PROJECTS, "project_lead"): True,
    (WhoMaySee.PROJECTS, "other_member"): False,
    (WhoMaySee.PROJECTS, "anonymous"): False,
    (WhoMaySee.DIRECTORY, "lead"): True,
    (WhoMaySee.DIRECTORY, "project_lead"): True,
    (WhoMaySee.DIRECTORY, "other_member"): True,
    (WhoMaySee.DIRECTORY, "anonymous"): False,
}


@pytest.mark.parametrize(("who_may_see", "viewer"), list(SEES), ids=lambda v: str(v))
def test_each_piece_is_seen_only_by_the_people_its_member_chose(who_may_see, viewer, request, member):
    from django.contrib.auth.models import AnonymousUser

    member.in_directory = True
    member.save()
    looking = AnonymousUser() if viewer == "anonymous" else request.getfixturevalue(viewer)
    assert looking.has_perm("network.see_what_they_bring", piece(member, "Photography", who_may_see)) is SEES[
        (who_may_see, viewer)
    ]


def test_a_member_always_sees_their_own_pieces(member):
    assert member.has_perm("network.see_what_they_bring", piece(member, "Gardening"))


def test_a_member_who_left_the_project_no_longer_sees_what_its_members_share(member, project_lead, project):
    shared = piece(member, "I was a teacher", WhoMaySee.PROJECTS, BringKind.WORK)
    project_lead.project_memberships.update(status="left")
    assert not Member.objects.get(pk=project_lead.pk).has_perm("network.see_what_they_bring", shared)


# --- the member's own page ------------------------------------------------------------------------------------


def test_a_member_adds_changes_and_removes_what_they_bring(client, member):
    signed_in(client, member)
    response = client.post(BRING, {"piece-kind": "skill", "piece-text": "I speak Polish", "piece-who_may_see": "leads"})
    assert response.status_code == 302
    added = WhatIBring.objects.get(member=member)
    assert "I speak Polish" in client.get(BRING).content.decode()

    change = reverse("network:change_what_i_bring", args=[added.pk])
    client.post(change, {"piece-kind": "skill", "piece-text": "Polish and Welsh", "piece-who_may_see": "directory"})
    added.refresh_from_db()
    assert (added.text, added.who_may_see) == ("Polish and Welsh", "directory")

    client.post(reverse("network:remove_what_i_bring", args=[added.pk]))
    assert not WhatIBring.objects.filter(member=member).exists()


def test_a_member_chooses_the_ways_they_like_to_take_part(client, member):
    signed_in(client, member)
    client.post(BRING, {"ways-ways": ["talking", "drawing"], "ways-who_may_see": "projects"})
    taking_part = TakingPart.objects.get(member=member)
    assert (taking_part.ways, taking_part.who_may_see) == (["talking", "drawing"], "projects")
    assert "Drawing" in client.get(BRING).content.decode()


def test_the_profile_links_to_what_i_bring(client, member):
    assert BRING in signed_in(client, member).get(reverse("network:profile")).content.decode()


def test_nobody_changes_or_removes_someone_elses_pieces(client, member, other_member):
    theirs = piece(member, "Photography")
    signed_in(client, other_member)
    change = reverse("network:change_what_i_bring", args=[theirs.pk])
    assert client.get(change).status_code == 404
    assert client.post(change, {"piece-kind": "skill", "piece-text": "x", "piece-who_may_see": "leads"}).status_code == 404
    assert client.post(reverse("network:remove_what_i_bring", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.text == "Photography"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(BRING).status_code == 302


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 5000, "200 letters or fewer"),
        ("", "Please write a few words"),
        ("\x00", "Null characters are not allowed"),
        ("\x07\x1b", "Please write a few words"),
    ],
    ids=["5000 characters", "empty", "a NUL", "only control characters"],
)
def test_odd_text_is_refused_with_a_clear_message_and_nothing_is_saved(client, member, text, message):
    response = signed_in(client, member).post(
        BRING, {"piece-kind": "skill", "piece-text": text, "piece-who_may_see": "leads"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WhatIBring.objects.exists()


def test_control_characters_inside_words_become_spaces_and_ampersands_and_apostrophes_are_kept(client, member):
    signed_in(client, member).post(
        BRING, {"piece-kind": "interest", "piece-text": "Fish\x07& chips\tat O'Neill's", "piece-who_may_see": "leads"}
    )
    assert WhatIBring.objects.get().text == "Fish & chips at O'Neill's"
    assert "Fish &amp; chips at O&#x27;Neill&#x27;s" in client.get(BRING).content.decode()


def test_a_way_not_in_the_list_or_an_unknown_visibility_is_refused(client, member):
    signed_in(client, member)
    assert client.post(BRING, {"ways-ways": ["juggling"], "ways-who_may_see": "leads"}).status_code == 400
    assert client.post(BRING, {"ways-ways": ["talking"], "ways-who_may_see": "everyone"}).status_code == 400
    assert not TakingPart.objects.exists()


# --- the leads' search -----------------------------------------------------------------------------------------


def search(client, **fields):
    client.post(SEARCH, fields)
    return client.get(SEARCH + "?search=1").content.decode()


def test_a_lead_finds_people_interested_in_photography_who_like_to_take_part_by_talking(client, lead):
    talker = factories.MemberFactory(display_name="Tess Talker")
    piece(talker, "Photography, mostly birds", WhoMaySee.LEADS)
    TakingPart.objects.create(member=talker, ways=["talking", "online"])
    writer = factories.MemberFactory(display_name="Wyn Writer")
    piece(writer, "Photography")
    TakingPart.objects.create(member=writer, ways=["writing"])
    gardener = factories.MemberFactory(display_name="Gail Gardener")
    piece(gardener, "Gardening")
    TakingPart.objects.create(member=gardener, ways=["talking"])

    found = search(signed_in(client, lead), q="photography", kind="interest", way="talking")
    assert "Tess Talker" in found
    assert "Wyn Writer" not in found and "Gail Gardener" not in found
    assert "1 person found" in found


def test_the_search_words_never_go_into_the_address(client, lead):
    response = signed_in(client, lead).post(SEARCH, {"q": "dementia"})
    assert response.url == SEARCH + "?search=1"


def test_only_leads_may_search(client, member, project_lead):
    for person in (member, project_lead):
        signed_in(client, person)
        assert client.get(SEARCH).status_code == 403
        assert client.post(SEARCH, {"q": "x"}).status_code == 403


def test_a_search_with_odd_words_finds_nothing_without_an_error(client, lead):
    piece(factories.MemberFactory(display_name="Ann"), "Cooking")
    found = search(signed_in(client, lead), q="\x00' OR 1=1 --&" + "y" * 5000, kind="nonsense", way="juggling")
    assert "0 people found" in found


def test_a_lead_can_add_a_person_found_to_a_project(client, lead):
    person = factories.MemberFactory(display_name="Tess Talker")
    piece(person, "Photography")
    found = search(signed_in(client, lead), q="photo")
    assert f"{reverse('admin:projects_projectmembership_add')}?member={person.pk}" in found


def test_erased_members_and_supporters_are_not_found(client, lead):
    supporter = factories.MemberFactory(display_name="Sid Supporter")
    Member.objects.filter(pk=supporter.pk).update(supporter_only=True)
    piece(supporter, "Photography")
    assert "0 people found" in search(signed_in(client, lead), q="photography")


# --- the project page and the directory ------------------------------------------------------------------------


def test_the_project_page_shows_what_members_share_with_their_projects(client, project, member, project_lead):
    piece(member, "Shared with projects", WhoMaySee.PROJECTS)
    piece(member, "Shared with everyone", WhoMaySee.DIRECTORY)
    piece(member, "Only for leads", WhoMaySee.LEADS)
    page = signed_in(client, project_lead).get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "What our members bring" in page
    assert "Shared with projects" in page and "Shared with everyone" in page
    assert "Only for leads" not in page


def test_a_project_with_more_than_fits_says_so_and_a_lead_is_sent_to_the_search(client, project, member, lead):
    from network.selectors_strengths import PROJECT_PIECES_SHOWN

    WhatIBring.objects.bulk_create(
        WhatIBring(member=member, kind=BringKind.SKILL, text=f"Skill {n:03d}", who_may_see=WhoMaySee.PROJECTS)
        for n in range(PROJECT_PIECES_SHOWN + 1)
    )
    factories.ProjectMembershipFactory(project=project, member=lead)
    page = signed_in(client, lead).get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert f"Skill {PROJECT_PIECES_SHOWN - 1:03d}" in page and f"Skill {PROJECT_PIECES_SHOWN:03d}" not in page
    assert "There is more than fits on this page." in page and f'href="{SEARCH}"' in page


def test_people_outside_the_project_see_nothing_of_what_its_members_bring(client, project, member, other_member):
    piece(member, "Shared with projects", WhoMaySee.PROJECTS)
    page = signed_in(client, other_member).get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert "Shared with projects" not in page and "What our members bring" not in page


def test_the_directory_shows_only_what_is_marked_for_the_directory(client, member, other_member):
    member.in_directory = True
    member.save()
    piece(member, "Shared with everyone", WhoMaySee.DIRECTORY)
    piece(member, "Shared with projects", WhoMaySee.PROJECTS)
    TakingPart.objects.create(member=member, ways=["panel"], who_may_see=WhoMaySee.DIRECTORY)
    page = signed_in(client, other_member).get(DIRECTORY).content.decode()
    assert "Shared with everyone" in page and "Being on a panel" in page
    assert "Shared with projects" not in page


# --- query counts do not grow with the members -----------------------------------------------------------------


def _members_who_bring(count, project=None, **extra):
    for n in range(count):
        person = factories.MemberFactory(display_name=f"Person {n:02}", **extra)
        piece(person, f"Photography {n}", WhoMaySee.DIRECTORY)
        piece(person, f"Teaching {n}", WhoMaySee.PROJECTS, BringKind.WORK)
        TakingPart.objects.create(member=person, ways=["talking"], who_may_see=WhoMaySee.DIRECTORY)
        if project is not None:
            factories.ProjectMembershipFactory(member=person, project=project)


def _queries(client, django_assert_max_num_queries, url, method="get"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "where", ["search", "directory", "project page"],
)
def test_query_counts_are_the_same_with_3_and_30_members(client, lead, project, where):
    signed_in(client, lead)
    url = {
        "search": SEARCH,
        "directory": DIRECTORY,
        "project page": reverse("projects:detail", args=[project.slug]),
    }[where]
    _members_who_bring(3, project, in_directory=True)
    client.get(url)  # kept figures and sessions are read once
    with_3 = _queries(client, None, url)
    _members_who_bring(27, project, in_directory=True)
    client.get(url)
    with_30 = _queries(client, None, url)
    assert with_3 == with_30


# --- my data and erasure -----------------------------------------------------------------------------------------


def test_erasing_an_account_takes_what_they_bring_with_it(member):
    from privacy.services import erase_member

    piece(member, "Photography")
    TakingPart.objects.create(member=member, ways=["talking"])
    erase_member(member=member)
    assert not WhatIBring.objects.exists() and not TakingPart.objects.exists()


def test_my_data_includes_what_i_bring(client, member):
    piece(member, "Photography of birds")
    TakingPart.objects.create(member=member, ways=["talking"])
    page = signed_in(client, member).get(reverse("privacy:read")).content.decode()
    assert "Photography of birds" in page
