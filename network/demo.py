"""Demo members: about forty people across every role, a few of them offline. Keyed by email or name, so re-runs add nothing."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from .models import LEADS_GROUP_NAME, Member, Role

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


def seed():
    leads, _ = Group.objects.get_or_create(name=LEADS_GROUP_NAME)
    lead = _online_member(DEMO_LEAD[0], "Lou Lead (demo lead)", Role.SERVICE_USER, DEMO_LEAD[1])
    if not lead.is_staff:
        lead.is_staff = True
        lead.save(update_fields=["is_staff"])
    lead.groups.add(leads)
    demo_member = _online_member(DEMO_MEMBER[0], "Morgan Member (demo member)", Role.CARER, DEMO_MEMBER[1])

    members = [lead, demo_member]
    for name, role in PEOPLE:
        members.append(_online_member(_email_for(name), name, role))
    for name, role in OFFLINE_PEOPLE:
        offline = Member.objects.filter(email__isnull=True, display_name=name).first()
        if offline is None:
            offline = Member.objects.create_user(email=None, display_name=name, role=role)
        members.append(offline)
    return members
