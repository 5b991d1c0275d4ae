"""factory-boy factories for every model; tests build exactly the world they describe."""

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from meetings.models import Meeting
from network.models import LEADS_GROUP_NAME, POWER_GROUPS, Member, Role
from pledges.models import PledgeSignature, PledgeVersion
from projects.models import Action, ImpactRecord, Principle, Project, ProjectMembership, Reflection

PASSWORD = "a-long-test-password-2026"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Faker("name", locale="en_GB")
    role = Role.SERVICE_USER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Members sign in with a verified address unless a test says otherwise."""
        obj.save()
        if create and obj.email and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


class OfflineMemberFactory(MemberFactory):
    email = None
    password = factory.PostGenerationMethodCall("set_unusable_password")


class LeadFactory(MemberFactory):
    is_staff = True

    @factory.post_generation
    def lead_group(obj, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=LEADS_GROUP_NAME)
            obj.groups.add(group)


def grant_power(member, power):
    """Give a member a power as a lead would have (the group it is held as), without a recorded grant."""
    group, _ = Group.objects.get_or_create(name=POWER_GROUPS[power])
    member.groups.add(group)
    member.forget_powers_cache()
    return member


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Making the waiting room calmer for people who find it hard."


class ProjectMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMembership

    member = factory.SubFactory(MemberFactory)
    project = factory.SubFactory(ProjectFactory)
    status = ProjectMembership.Status.ACTIVE
    why_involved = "I use the service and want it to work better."


class PledgeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeVersion

    text = "We will work together as equals, listen to each other and share decisions."
    easy_read_text = "We work together. We are equal. We listen to each other."
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))


class PledgeSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeSignature

    member = factory.SubFactory(MemberFactory)
    version = factory.SubFactory(PledgeVersionFactory)
    # A minute ago, so a test may withdraw it "now" (the database refuses a withdrawal before the signing).
    signed_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=1))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Network meeting {n}")
    # Whole minutes, as real meetings are (calendar files carry no fractions of a second).
    starts_at = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    venue = "Community Room, Riverside Centre"
    status = Meeting.Status.PUBLISHED


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    project = factory.SubFactory(ProjectFactory)
    what = factory.Sequence(lambda n: f"Action {n}: book the room")
    due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class ImpactRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactRecord

    project = factory.SubFactory(ProjectFactory)
    what_changed = "The waiting room now has a quiet corner."
    evidence = "Feedback cards from 40 visitors."


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    project = factory.SubFactory(ProjectFactory)
    member = factory.SubFactory(MemberFactory)
    principle = factory.LazyFunction(lambda: Principle.objects.order_by("order").first())
    stage = factory.LazyAttribute(lambda o: o.project.stage)
    role = factory.LazyAttribute(lambda o: o.member.role)
    rating = 4


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Invitation"

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    minutes_allowed = 20


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Minutes"
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    text = "We talked about what stops people getting involved."

    @factory.post_generation
    def decisions(minutes, create, extracted, **kwargs):
        """Decisions are the meeting's own rows; give them as a list or one per line."""
        texts = ["Meet in the evening twice a year.", "Pay travel costs on the day."] if extracted is None else extracted
        if isinstance(texts, str):
            texts = [line.strip() for line in texts.splitlines() if line.strip()]
        if create:
            from meetings.models import Decision

            Decision.objects.bulk_create(Decision(meeting=minutes.meeting, text=text, order=n)
                                         for n, text in enumerate(texts, start=1))
