"""Reflection figures are published in steps of at least three answers, so looking at the page before and after
someone answers (the differencing attack) never gives away their rating."""

import random
from fractions import Fraction

import pytest
from django.urls import reverse

from network.models import Role
from projects import services
from projects.models import Principle, PublishedReflections
from projects.reflections import summarise
from tests import factories


@pytest.fixture
def principle(db):
    return Principle.objects.order_by("order").first()


def _answer(project, principle, rating, role=Role.SERVICE_USER):
    person = factories.MemberFactory(role=role)
    factories.ProjectMembershipFactory(project=project, member=person)
    services.save_reflection(member=person, project=project, answers=[(principle, rating, "")])
    return person


def _figures_page(client, viewer, project):
    client.force_login(viewer)
    page = client.get(project.get_absolute_url()).content.decode()
    start = page.index('id="reflections-heading"')
    return page[start:page.index("</section>", start)]


def _table(section):
    return section[section.index("<table"):section.index("</table>")]


def test_one_more_answer_after_figures_are_published_changes_nothing_anyone_sees(client, member, project, principle):
    for rating in (2, 4, 5):
        _answer(project, principle, rating)
    before = _figures_page(client, member, project)
    assert "3.7" in before and "Preparing: 3 members answered" in before

    _answer(project, principle, 1)  # would move the average to 3.0, giving away the 1
    after = _figures_page(client, member, project)
    assert _table(after) == _table(before)
    assert "Preparing: 3 members answered" in after and "1 newer answer is not in them yet." in after


def test_the_figures_change_once_three_new_answers_have_arrived(client, member, project, principle):
    for rating in (2, 4, 5):
        _answer(project, principle, rating)
    first = _table(_figures_page(client, member, project))
    for rating in (1, 1):
        _answer(project, principle, rating)
        assert _table(_figures_page(client, member, project)) == first
    _answer(project, principle, 3)
    third = _figures_page(client, member, project)
    assert _table(third) != first
    assert "2.7" in third and "Preparing: 6 members answered" in third  # (2+4+5+1+1+3) / 6


def test_comments_arrive_with_the_figures_not_with_each_answer(client, project_lead, project, principle):
    for rating in (3, 3, 3):
        _answer(project, principle, rating)
    url = reverse("projects:reflection_comments", kwargs={"slug": project.slug})
    client.force_login(project_lead)
    client.get(url)
    fourth = factories.MemberFactory()
    factories.ProjectMembershipFactory(project=project, member=fourth)
    services.save_reflection(member=fourth, project=project, answers=[(principle, 1, "The room is too loud.")])
    assert "The room is too loud." not in client.get(url).content.decode()
    for rating in (3, 3):
        _answer(project, principle, rating)
    assert "The room is too loud." in client.get(url).content.decode()


def test_a_role_column_does_not_move_by_one_answer(member, project, principle):
    for rating in (4, 4, 4):
        _answer(project, principle, rating, Role.SERVICE_USER)
    for rating in (2, 2, 2):
        _answer(project, principle, rating, Role.CARER)
    first = summarise(project)[0]
    assert [value for value, _label in first["roles"]] == [Role.SERVICE_USER, Role.CARER]
    # Three new answers publish again, but only one of them is a carer's: the carer column must not move by it.
    _answer(project, principle, 5, Role.CARER)
    _answer(project, principle, 4, Role.STAFF)
    _answer(project, principle, 4, Role.STAFF)
    second = summarise(project)[0]
    assert second["respondents"] == 9
    carer = dict(zip([v for v, _l in second["roles"]], second["rows"][0]["role_cells"], strict=True)).get(Role.CARER)
    assert carer is None


# The attack in general: someone who knows who answered and each person's role (the worst case) puts two
# consecutive published versions side by side. Each figure is a known total over a known group of people; a
# person's rating is given away exactly when their own indicator is a linear combination of those groups.


def _rank(rows):
    rows = [[Fraction(x) for x in row] for row in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _groups(version):
    """The groups of people whose totals a published row (one principle) shows: everyone, and each role shown."""
    answers = version["answers"]
    groups = [set(answers)] if version["n"] >= 3 else []
    groups += [{m for m, role in answers.items() if role == shown} for shown in version["roles"]]
    return groups


def _given_away(*versions):
    """The people whose rating can be worked out from these published versions of one principle's row."""
    groups = [group for version in versions for group in _groups(version)]
    people = sorted({m for version in versions for m in version["answers"]})
    matrix = [[1 if person in group else 0 for person in people] for group in groups]
    if not matrix:
        return set()
    rank = _rank(matrix)
    return {
        person for i, person in enumerate(people)
        if _rank([*matrix, [1 if j == i else 0 for j in range(len(people))]]) == rank
    }


@pytest.mark.parametrize("seed", range(6))
def test_no_rating_can_be_worked_out_from_two_consecutive_published_versions(member, project, principle, seed):
    chance = random.Random(seed)
    roles = [Role.SERVICE_USER, Role.SERVICE_USER, Role.CARER, Role.STAFF, Role.PEER_SUPPORT, Role.VOLUNTEER]
    versions = []
    for _ in range(30):
        _answer(project, principle, chance.randint(1, 5), chance.choice(roles))
        summarise(project)  # someone looks at the page after every single answer
        published = PublishedReflections.objects.filter(project=project).first()
        if published is not None and (not versions or published.figures != versions[-1]):
            versions.append(published.figures)
    assert len(versions) >= 5
    rows = [version[str(principle.pk)] for version in versions]
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert len(set(later["answers"]) ^ set(earlier["answers"])) >= 3  # always three or more answers apart
        assert _given_away(earlier, later) == set()
    assert _given_away(rows[0]) == set()


def test_the_attack_check_does_catch_figures_one_answer_apart(db):
    # The checker itself: two averages over 3 and 4 people, one apart, give away the fourth person.
    earlier = {"answers": {"1": "carer", "2": "carer", "3": "carer"}, "n": 3, "roles": {}}
    later = {"answers": {**earlier["answers"], "4": "staff"}, "n": 4, "roles": {}}
    assert _given_away(earlier, later) == {"4"}
