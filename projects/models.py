from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    DOING = "doing", _("Doing")
    DEVELOPING = "developing", _("Developing")


class InvolvementLevel(models.TextChoices):
    ENGAGEMENT = "engagement", _("Engagement")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCTION = "co_production", _("Co-production")


class NeedsTier(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one complex support")
    SHARED_CARE = "shared_care", _("Shared professional care")
    COMMUNITY = "community", _("Community and social engagement")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Anyone can join")
    ON_REQUEST = "on_request", _("Ask to join")
    CLOSED = "closed", _("Not taking new members")


class ProjectQuerySet(models.QuerySet):
    def open_to_join(self):
        return self.exclude(join_policy=JoinPolicy.CLOSED)


class Project(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"))
    easy_read_summary = models.TextField(_("Easy Read summary"), blank=True)
    aims = models.TextField(_("aims"), blank=True)
    can_achieve = models.TextField(_("what this project can achieve"), blank=True)
    cannot_achieve = models.TextField(_("what this project cannot achieve"), blank=True)
    involvement_level = models.CharField(
        _("involvement level"), max_length=20, choices=InvolvementLevel.choices, default=InvolvementLevel.CO_PRODUCTION
    )
    needs_tier = models.CharField(_("needs tier"), max_length=20, choices=NeedsTier.choices, default=NeedsTier.COMMUNITY)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PREPARING)
    join_policy = models.CharField(_("how people join"), max_length=20, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    requires_pledge = models.BooleanField(
        _("members take the pledge before joining"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ProjectMembership(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Declined")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    project_role = models.CharField(_("role in the project"), max_length=120, blank=True)
    why_involved = models.TextField(_("why they are involved"), blank=True)
    contribution = models.TextField(_("what they do"), blank=True)
    is_project_lead = models.BooleanField(_("project lead"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            # A double click or a second tab never makes a second live membership.
            models.UniqueConstraint(
                fields=["member", "project"],
                condition=models.Q(status__in=["requested", "active"]),
                name="one_live_membership_per_member_and_project",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.project}"
