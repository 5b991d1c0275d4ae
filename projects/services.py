"""Things that change a project: one verb, one function, one transaction, side effects after commit."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.joining import offline_members_joined
from network.refusals import Refusal

from . import tasks
from .models import (
    STAGE_ORDER,
    Action,
    DefaultChecklistItem,
    ImpactRecord,
    JoinPolicy,
    Project,
    ProjectMembership,
    Reflection,
    StageChange,
    StageChecklistItem,
    YouSaidWeDid,
)
from .selectors import has_signed_current_pledge, unticked_items


class ProjectRefusal(Refusal):
    """A request the project cannot accept; the message is shown to the person as it is."""


class PledgeRequired(ProjectRefusal):
    message = _("Please take the network's pledge before joining a project.")


class JoiningClosed(ProjectRefusal):
    message = _("This project is not taking new members at the moment.")


class AlreadyInvolved(ProjectRefusal):
    message = _("You are already involved in this project, or have already asked to join.")


class NotARequest(ProjectRefusal):
    message = _("This request has already been dealt with.")


class NotInvolved(ProjectRefusal):
    message = _("You are not involved in this project.")


class StageMoveRefused(ProjectRefusal):
    message = _("A project moves one stage at a time.")


class UntickedNotConfirmed(ProjectRefusal):
    message = _("Some points on this stage's checklist are not ticked. Please confirm you want to move on anyway.")


class AlreadyReflected(ProjectRefusal):
    message = _("You have already shared your reflections for this stage. Thank you.")


# Creating projects and their checklists


def copy_default_checklist(*, project):
    """Give a project its own copy of the default checklist for every stage (once)."""
    if project.checklist_items.exists():
        return 0
    items = [
        StageChecklistItem(project=project, stage=default.stage, text=default.text, order=default.order)
        for default in DefaultChecklistItem.objects.all()
    ]
    StageChecklistItem.objects.bulk_create(items)
    return len(items)


@transaction.atomic
def create_project(*, project, created_by):
    """Save a new project (built by the site's form or the admin's) with its own copy of the default checklist."""
    project.created_by = created_by
    project.save()
    copy_default_checklist(project=project)
    return project


# A stage moves only through move_stage (with a reason, members told); who started a project stays as it was.
EDITABLE_FIELDS = [
    field.name for field in Project._meta.concrete_fields
    if not field.primary_key and field.name not in {"stage", "created_by", "created_at"}
]


@transaction.atomic
def update_project(*, project):
    """Save changes to a project's description, scope and joining, in the site or the admin; never its stage."""
    project.save(update_fields=EDITABLE_FIELDS)
    return project


@transaction.atomic
def tick_checklist_item(*, item, by, done, note=""):
    item = StageChecklistItem.objects.select_for_update().get(pk=item.pk)
    if done:
        if not item.is_done:
            item.done_at, item.done_by = timezone.now(), by
        item.note = note
    else:
        item.done_at, item.done_by, item.note = None, None, note
    item.save(update_fields=["done_at", "done_by", "note"])
    return item


@transaction.atomic
def save_checklist(*, by, changes):
    """Save the points someone changed on a checklist together, all or none. changes: [(item, done, note)]."""
    return [tick_checklist_item(item=item, by=by, done=done, note=note) for item, done, note in changes]


def neighbouring_stages(stage):
    index = STAGE_ORDER.index(stage)
    return [STAGE_ORDER[i] for i in (index + 1, index - 1) if 0 <= i < len(STAGE_ORDER)]


def is_forward(from_stage, to_stage):
    return STAGE_ORDER.index(to_stage) > STAGE_ORDER.index(from_stage)


@transaction.atomic
def move_stage(*, project, to_stage, by, reason, confirmed_unticked=False):
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to_stage not in neighbouring_stages(project.stage):
        raise StageMoveRefused()
    # Going back a stage leaves nothing behind, so only a move forward asks about unticked points.
    open_points = unticked_items(project) if is_forward(project.stage, to_stage) else []
    if open_points and not confirmed_unticked:
        raise UntickedNotConfirmed()
    change = StageChange.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=to_stage,
        changed_by=by,
        reason=reason,
        unticked_items=[item.text for item in open_points],
    )
    project.stage = to_stage
    project.save(update_fields=["stage"])
    tasks.tell_members_about_stage_change.delay_on_commit(change.pk)
    return change


# Joining and leaving


@transaction.atomic
def join_project(*, member, project, why, contribution):
    if project.join_policy == JoinPolicy.CLOSED:
        raise JoiningClosed()
    if project.requires_pledge and not has_signed_current_pledge(member):
        raise PledgeRequired()
    status = (
        ProjectMembership.Status.ACTIVE if project.join_policy == JoinPolicy.OPEN else ProjectMembership.Status.REQUESTED
    )
    try:
        # The savepoint keeps the outer transaction usable when the constraint refuses a second live membership.
        with transaction.atomic():
            membership = ProjectMembership.objects.create(
                member=member, project=project, status=status, why_involved=why, contribution=contribution
            )
    except IntegrityError:
        raise AlreadyInvolved() from None
    if status == ProjectMembership.Status.REQUESTED:
        tasks.tell_project_leads_about_request.delay_on_commit(membership.pk)
    else:
        brought_in(memberships=[membership])
    return membership


@transaction.atomic
def decide_join_request(*, membership, by, approve):
    membership = ProjectMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != ProjectMembership.Status.REQUESTED:
        raise NotARequest()
    membership.status = ProjectMembership.Status.ACTIVE if approve else ProjectMembership.Status.DECLINED
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    tasks.tell_member_about_decision.delay_on_commit(membership.pk)
    brought_in(memberships=[membership])
    return membership


def brought_in(*, memberships):
    """After memberships were saved (by a service, or by a lead in the admin): offline members who are now active in
    a project are invited at once to its meetings already published. Call inside the saving transaction."""
    offline_members_joined([
        m.member_id for m in memberships
        if m.status == ProjectMembership.Status.ACTIVE and not m.member.email and m.member.erased_at is None
    ])


@transaction.atomic
def leave_project(*, member, project):
    membership = ProjectMembership.objects.select_for_update().live().filter(member=member, project=project).first()
    if membership is None:
        raise NotInvolved()
    membership.status = ProjectMembership.Status.LEFT
    membership.left_at = timezone.now()
    membership.is_project_lead = False
    membership.save(update_fields=["status", "left_at", "is_project_lead"])
    return membership


@transaction.atomic
def set_project_role(*, membership, by, project_role, is_project_lead):
    membership = ProjectMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != ProjectMembership.Status.ACTIVE:
        raise NotInvolved(_("Only active members can be given a role in the project."))
    membership.project_role, membership.is_project_lead = project_role, is_project_lead
    membership.save(update_fields=["project_role", "is_project_lead"])
    return membership


# Actions, impact, reflections


@transaction.atomic
def save_action(*, project, by, what, owner=None, due=None, meeting=None, action=None):
    action = action or Action(project=project, created_by=by)
    action.what, action.owner, action.due, action.meeting = what, owner, due, meeting
    action.save()
    return action


@transaction.atomic
def set_action_done(*, action, by, done):
    action = Action.objects.select_for_update().get(pk=action.pk)
    if done and action.done_at is None:
        action.done_at = timezone.now()
    elif not done:
        action.done_at = None
    action.save(update_fields=["done_at"])
    return action


@transaction.atomic
def record_impact(*, project, by, what_changed, evidence, happened_on, pairs=()):
    impact = ImpactRecord.objects.create(
        project=project, recorded_by=by, what_changed=what_changed, evidence=evidence, happened_on=happened_on
    )
    YouSaidWeDid.objects.bulk_create(
        YouSaidWeDid(impact=impact, you_said=said, we_did=did, order=order)
        for order, (said, did) in enumerate(pairs, start=1)
    )
    return impact


@transaction.atomic
def save_reflection(*, member, project, answers):
    """answers: [(principle, rating, comment)] for the project's current stage."""
    try:
        with transaction.atomic():
            return Reflection.objects.bulk_create(
                Reflection(
                    project=project, member=member, principle=principle, stage=project.stage, role=member.role,
                    rating=rating, comment=comment,
                )
                for principle, rating, comment in answers
            )
    except IntegrityError:
        raise AlreadyReflected() from None
