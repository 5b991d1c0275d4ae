"""Addresses of the support pages for the accessibility list (tests/browser/test_accessibility.py): each makes the
support link its page needs, so the list's world needs nothing of its own."""

from django.urls import reverse


def _link(world, permissions=("reply", "see_actions", "access_needs", "copies")):
    from support.models import SupportLink
    from support.services import name_support_person

    link = SupportLink.objects.filter(member=world.member, supporter=world.other_member).first()
    return link or name_support_person(member=world.member, email=world.other_member.email, name="Olu O'Neill",
                                       relationship="advocate", permissions=permissions, by=world.member)


def supporting_page(world):
    """What other_member may do for member (they are named with every permission)."""
    _link(world)
    return reverse("support:supporting", kwargs={"member_id": world.member.pk})


def reply_for_page(world):
    from meetings.models import Invitation

    _link(world)
    Invitation.objects.get_or_create(meeting=world.meeting, member=world.member)
    return reverse("support:reply_for", kwargs={"member_id": world.member.pk, "meeting_id": world.meeting.pk})


def access_needs_for_page(world):
    _link(world)
    return reverse("support:access_needs_for", kwargs={"member_id": world.member.pk})


def my_support_people_page(world):
    """The member's own page with one support person named (their choices and consent history shown)."""
    _link(world)
    return reverse("support:mine")


def welcome_page(world):
    from support.models import welcome_token
    from support.services import name_support_person

    link = name_support_person(member=world.member, email="new-supporter@example.org", name="Nell Newcomer",
                               relationship="family", permissions=["reply"], by=world.member)
    return reverse("support:welcome", kwargs={"token": welcome_token(link.supporter)})
