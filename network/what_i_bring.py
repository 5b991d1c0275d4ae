"""What a member brings: what they know from living through something, from work, their skills and interests, and
the ways they like to take part. Optional, asset-based, and each piece with its own "who may see this"."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WhoMaySee(models.TextChoices):
    # Ordered from the fewest people to the most; leads see every piece, whatever is chosen.
    LEADS = "leads", _("Only the co-production leads")
    PROJECTS = "projects", _("Members of my projects, and the leads")
    DIRECTORY = "directory", _("Everyone in the member directory")


class BringKind(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("What I know from living through something")
    WORK = "work", _("What I know from work")
    SKILL = "skill", _("A skill")
    INTEREST = "interest", _("An interest")


class WayToTakePart(models.TextChoices):
    TALKING = "talking", _("Talking")
    WRITING = "writing", _("Writing")
    DRAWING = "drawing", _("Drawing")
    READING_PAPERS = "reading_papers", _("Reading papers")
    PANEL = "panel", _("Being on a panel")
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


PIECE_MAX_LENGTH = 200


class WhatIBringQuerySet(models.QuerySet):
    def seen_in_projects(self):
        """What members share with the people in their projects (the directory's pieces too)."""
        return self.filter(who_may_see__in=[WhoMaySee.PROJECTS, WhoMaySee.DIRECTORY])

    def seen_in_directory(self):
        return self.filter(who_may_see=WhoMaySee.DIRECTORY)


class WhatIBring(models.Model):
    """One piece of what a member brings, in their own words."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="what_i_bring", verbose_name=_("member")
    )
    kind = models.CharField(_("what kind"), max_length=20, choices=BringKind.choices)
    text = models.CharField(_("in your own words"), max_length=PIECE_MAX_LENGTH)
    who_may_see = models.CharField(
        _("who may see this"), max_length=10, choices=WhoMaySee.choices, default=WhoMaySee.LEADS
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    objects = WhatIBringQuerySet.as_manager()

    class Meta:
        verbose_name = _("what I bring")
        verbose_name_plural = _("what I bring")
        ordering = ["member", "kind", "added_at", "pk"]
        indexes = [models.Index(fields=["member", "who_may_see"], name="what_i_bring_by_member")]

    def __str__(self):
        return self.text[:80]


class TakingPart(models.Model):
    """The ways a member likes to take part (codes from WayToTakePart), with one "who may see this"."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="taking_part", verbose_name=_("member")
    )
    ways = models.JSONField(_("ways I like to take part"), default=list, blank=True)
    who_may_see = models.CharField(
        _("who may see this"), max_length=10, choices=WhoMaySee.choices, default=WhoMaySee.LEADS
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("ways I like to take part")
        verbose_name_plural = _("ways I like to take part")

    def __str__(self):
        return ", ".join(self.way_labels())

    def way_labels(self):
        labels = dict(WayToTakePart.choices)
        return [labels[code] for code in WayToTakePart.values if code in self.ways]

    def seen_in_projects(self):
        return self.who_may_see in (WhoMaySee.PROJECTS, WhoMaySee.DIRECTORY)

    def seen_in_directory(self):
        return self.who_may_see == WhoMaySee.DIRECTORY
