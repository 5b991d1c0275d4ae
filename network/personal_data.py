"""What happens to the rows linked to a member when they erase their account, in words every app can use, and the
registry each app adds its rules to (in <app>/personal_data.py; privacy finds them and carries them out).

A rule per model: for each of its links to Member, keep the row (it shows the person as "a former member"), blank
named fields, or delete the rows; `also` for rows that refer to the person other than by a link.
"""

from django.apps import apps
from django.db.models import Q

# --- what can happen to the rows linked to the person ------------------------------------------------------------

class Keep:
    """The row stays linked to the person, who now shows as "a former member": it holds nothing of theirs."""

    def fields(self):
        return ()

    def apply(self, rows, member):
        pass


class Blank:
    """Keep the row (counts need it), but blank the fields that are the person's own words or needs."""

    def __init__(self, **values):
        self.values = values

    def fields(self):
        return tuple(self.values)

    def apply(self, rows, member):
        rows.update(**self.values)


class Delete:
    """The row exists only because of the person: it goes (only the rows matching `where`, if given)."""

    def __init__(self, **where):
        self.where = where

    def fields(self):
        return tuple(name.split("__")[0] for name in self.where)

    def apply(self, rows, member):
        rows.filter(**self.where).delete()


class Call:
    """Something a plain rule cannot say, done by the app's own service (for example giving up a meeting place)."""

    def __init__(self, function):
        self.function = function

    def fields(self):
        return ()

    def apply(self, rows, member):
        self.function(rows, member)


class Rule:
    """One model's rule: an action (or a tuple of actions, in order) for each of its links to Member, and `also`
    for rows that refer to the person other than by a link (an email address they typed, a session)."""

    def __init__(self, *, also=None, **links):
        self.links = {name: action if isinstance(action, tuple) else (action,) for name, action in links.items()}
        self.also = also


KEEP = Keep()
DELETE = Delete()



RULES = {}


def register(rules):
    """Add an app's rules, keyed by "app_label.model"; each model has one rule, given once."""
    for label in rules:
        if label in RULES:
            raise ValueError(f"{label} has an erasure rule already")
    RULES.update(rules)


# --- network's own rows ----------------------------------------------------------------------------------------------

def _q_email(addresses, field="email"):
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def _invitations_to_their_addresses(member, addresses):
    apps.get_model("network", "JoinInvitation").objects.filter(_q_email(addresses)).delete()


def _enquiries_from_their_addresses(member, addresses):
    apps.get_model("network", "Enquiry").objects.filter(_q_email(addresses)).delete()



register({
    "network.member": Rule(added_by=Blank(added_by=None)),  # offline members they added go back to all leads
    "network.consent": Rule(member=DELETE, recorded_by=KEEP),
    "network.powerchange": Rule(member=KEEP, changed_by=KEEP),  # who could do what stays known
    "network.emailchange": Rule(member=DELETE, changed_by=KEEP),  # their own changes may hold an old address
    "network.joininvitation": Rule(accepted_by=DELETE, invited_by=KEEP, also=_invitations_to_their_addresses),
    "network.networkpage": Rule(updated_by=KEEP),
    "network.accessibilitystatement": Rule(updated_by=KEEP),
    "network.enquiry": Rule(sent_by=DELETE, answered_by=KEEP, also=_enquiries_from_their_addresses),
    # What they shared to be shown without a name stays in "you said, we did"; the rest goes.
    "network.blockage": Rule(raised_by=Delete(may_share=False), answered_by=KEEP),
    # What they bring is theirs alone: it goes.
    "network.whatibring": Rule(member=DELETE),
    "network.takingpart": Rule(member=DELETE),
})
