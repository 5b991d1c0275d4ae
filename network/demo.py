"""Demo members: about forty people across every role, a few of them offline. Keyed by email or name, so re-runs add nothing."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from . import services
from .models import LEADS_GROUP_NAME, AccessNeed, Blockage, ConsentKind, ContactMethod, Member, Power, PowerChange, Role
from .permissions import sync_lead_permissions

DEMO_LEAD = ("lead@demo.example", "demo-lead-pass-2026")
DEMO_MEMBER = ("member@demo.example", "demo-member-pass-2026")

# (display name, role) — invented people.
PEOPLE = [
    ("Amara Okafor", Role.SERVICE_USER), ("Ben Hughes", Role.CARER), ("Chloe Barnes", Role.STAFF),
    ("Dev Patel", Role.PEER_SUPPORT), ("Elin Jones", Role.VOLUNTEER), ("Femi Adeyemi", Role.SERVICE_USER),
    ("Grace Whitfield", Role.CARER), ("Harpreet Sandhu", Role.STAFF), ("Iris Kowalski", Role.SERVICE_USER),
    ("Jamal Hassan", Role.PEER_SUPPORT), ("Kath Doyle", Role.CARER), ("Liam O'Connor", Role.VOLUNTEER),
    ("Maya Chen", Role.SERVICE_USER), ("Niall Burke", Role.STAFF), ("Oluwaseun Bello", Role.SERVICE_USER),
    ("Priya Nair", Role.CARER), ("Quentin Hale", Role.VOLUNTEER), ("Rosa Martins", Role.SERVICE_USER),
    ("Sunil Mehta", Role.STAFF), ("Tess Morgan", Role.PEER_SUPPORT), ("Uma Rahman", Role.SERVICE_USER),
    ("Victor Nowak", Role.CARER), ("Wendy Price", Role.SERVICE_USER), ("Xavier Lloyd", Role.STAFF),
    ("Yasmin Ali", Role.PEER_SUPPORT), ("Zoe Fletcher", Role.SERVICE_USER), ("Alfie Reid", Role.VOLUNTEER),
    ("Bea Thompson", Role.CARER), ("Callum Fraser", Role.SERVICE_USER), ("Deborah Quinn", Role.STAFF),
    ("Ellis Grant", Role.SERVICE_USER), ("Farah Siddiqui", Role.CARER), ("Gareth Evans", Role.PEER_SUPPORT),
    ("Hannah Webb", Role.VOLUNTEER),
]
OFFLINE_PEOPLE = [("Doris Pembleton", Role.SERVICE_USER), ("Frank Ashworth", Role.CARER), ("Mary Ellison", Role.SERVICE_USER)]


def _email_for(name):
    return name.lower().replace(" ", ".").replace("'", "") + "@demo.example"


def _online_member(email, name, role, password=None):
    member, created = Member.objects.get_or_create(email=email, defaults={"display_name": name, "role": role})
    if created:
        if password:
            member.set_password(password)
        else:
            member.set_unusable_password()  # demo people sign in by emailed code, if at all
        member.save()
    EmailAddress.objects.get_or_create(user=member, email=email, defaults={"verified": True, "primary": True})
    return member


# Some access needs, spread across people; every third person is listed in the directory.
ACCESS_NEEDS_CYCLE = [
    [AccessNeed.STEP_FREE], [], [AccessNeed.EASY_READ, AccessNeed.PAPERS_EARLY], [], [AccessNeed.BREAKS],
    [AccessNeed.HEARING_LOOP], [], [AccessNeed.QUIET_SPACE, AccessNeed.BREAKS], [AccessNeed.LARGE_PRINT],
]
OFFLINE_DETAILS = {
    "Doris Pembleton": ("0161 496 0101", "12 Mill Lane\nAnytown\nAB1 2CD", ContactMethod.PHONE),
    "Frank Ashworth": ("", "Flat 3, 40 Station Road\nAnytown\nAB1 5EF", ContactMethod.POST),
    "Mary Ellison": ("07700 900456", "", ContactMethod.TEXT),
}
BLOCKAGES = [
    ("Meetings are always on weekday mornings, when I am at work.",
     "We now hold every other network meeting at 6pm, and online."),
    ("The papers arrive the night before and are very long.",
     "Papers now go out ten days ahead, with a one-page Easy Read summary."),
    ("I cannot afford the bus fare into town.", ""),
]


def _profile(member, index):
    """Profile details and consents for demo people, set once (only when never set) so re-runs change nothing."""
    if member.consents.exists():
        return
    member.access_needs = ACCESS_NEEDS_CYCLE[index % len(ACCESS_NEEDS_CYCLE)]
    member.in_directory = index % 3 != 2
    member.show_role_in_directory = index % 2 == 0
    if index % 4 == 0:
        member.pronouns = ["she/her", "he/him", "they/them"][index % 3]
    member.save()
    recorder = member if not member.is_offline else member.added_by
    services.record_consent(member=member, kind=ConsentKind.DATA_PROCESSING, given=True, recorded_by=recorder)
    services.record_consent(member=member, kind=ConsentKind.CONTACT, given=True, recorded_by=recorder)
    services.record_consent(
        member=member, kind=ConsentKind.PHOTOGRAPHS, given=index % 3 == 0, recorded_by=recorder,
        how="By phone" if member.is_offline else "",
    )


def seed():
    sync_lead_permissions()
    leads, _ = Group.objects.get_or_create(name=LEADS_GROUP_NAME)
    lead = _online_member(DEMO_LEAD[0], "Lou Lead (demo lead)", Role.SERVICE_USER, DEMO_LEAD[1])
    if not lead.is_staff:
        lead.is_staff = True
        lead.save(update_fields=["is_staff"])
    lead.groups.add(leads)
    if not lead.power_changes.exists():
        PowerChange.objects.create(member=lead, power=Power.CO_PRODUCTION_LEAD, granted=True,
                                   note="The demo network's first lead")
    demo_member = _online_member(DEMO_MEMBER[0], "Morgan Member (demo member)", Role.CARER, DEMO_MEMBER[1])

    members = [lead, demo_member]
    for name, role in PEOPLE:
        members.append(_online_member(_email_for(name), name, role))
    for name, role in OFFLINE_PEOPLE:
        offline = Member.objects.filter(email__isnull=True, display_name=name).first()
        if offline is None:
            offline = Member.objects.create_user(email=None, display_name=name, role=role)
        if offline.added_by_id is None:
            phone, address, method = OFFLINE_DETAILS[name]
            offline.added_by, offline.phone, offline.postal_address, offline.preferred_contact = lead, phone, address, method
            offline.save()
        members.append(offline)
    for index, person in enumerate(members):
        _profile(person, index)
    # Powers are granted, never claimed: the lead lets one staff member download their projects' records.
    exporter = Member.objects.get(email=_email_for("Chloe Barnes"))
    if not exporter.power_changes.exists():
        services.grant_power(member=exporter, power=Power.EXPORT_PROJECT_RECORDS, granted_by=lead,
                             note="Writes the project reports for the trust board")
    for index, (you_said, we_did) in enumerate(BLOCKAGES):
        answered = {"we_did": we_did, "answered_by": lead, "answered_at": timezone.now()} if we_did else {}
        # Created as already told, so the demo sends no emails.
        Blockage.objects.get_or_create(
            you_said=you_said,
            defaults={"raised_by": members[3 + index], "leads_notified_at": timezone.now(),
                      "member_told_at": timezone.now() if we_did else None, **answered},
        )
    return members
