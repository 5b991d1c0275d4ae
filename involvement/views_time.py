"""Pages for involvement time and reward choices: a member adds preparation time and chooses how they are
rewarded; a lead does both for someone who does not use the site. The register makes the rest (signals.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from network.access import require

from . import services_time
from .forms_time import LeadTimeForm, PreparationForm, RewardForm
from .models import pounds
from .selectors import time as selectors


def _offline_member(request, member_id):
    person = get_object_or_404(get_user_model(), pk=member_id)
    require(request, "involvement.act_for_offline_member", person)
    return person


def _recorded(request, record):
    words = _("%(hours)s hours are recorded for %(what)s.") % {"hours": f"{record.hours.normalize():f}",
                                                                "what": record.activity.title}
    if record.amount_pence:
        words += " " + _("%(amount)s is owed, waiting for approval.") % {"amount": pounds(record.amount_pence)}
    messages.success(request, words)


@login_required
def add_preparation(request):
    require(request, "involvement.record_own_time")
    form = PreparationForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = services_time.add_preparation_time(member=request.user, **form.cleaned_data)
        except services_time.TimeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            _recorded(request, record)
            return redirect("involvement:add_preparation")
    return render(request, "involvement/time_add.html", {
        "form": form, "person": None, "lately": selectors.time_added_lately(request.user),
        "has_meetings": form.fields["activity"].queryset.exists(),
    }, status=400 if form.errors else 200)


@login_required
def record_time_for(request, member_id):
    person = _offline_member(request, member_id)
    form = LeadTimeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services_time.record_time_for(member=person, by=request.user, **form.cleaned_data)
        except services_time.TimeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            _recorded(request, record)
            return redirect("involvement:record_time_for", member_id=person.pk)
    return render(request, "involvement/time_add.html", {
        "form": form, "person": person, "lately": selectors.time_added_lately(person), "has_meetings": True,
    }, status=400 if form.errors else 200)


def _reward_page(request, person, *, for_someone_else):
    form = RewardForm(request.POST or None, member=person)
    if request.method == "POST" and form.is_valid():
        choice = services_time.choose_reward(member=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved: %(choice)s.") % {"choice": choice.get_reward_display()}
                         + (" " + _("For %(what)s.") % {"what": choice.activity} if choice.activity else ""))
        return redirect(request.path)
    return render(request, "involvement/time_reward.html", {
        "form": form, "person": person, "for_someone_else": for_someone_else,
        "current": selectors.general_choice(person), "history": selectors.reward_history(person),
    }, status=400 if form.errors else 200)


@login_required
def reward(request):
    require(request, "involvement.choose_own_reward")
    return _reward_page(request, request.user, for_someone_else=False)


@login_required
def reward_for(request, member_id):
    return _reward_page(request, _offline_member(request, member_id), for_someone_else=True)


urlpatterns = [
    path("time/add/", add_preparation, name="add_preparation"),
    path("time/for/<int:member_id>/", record_time_for, name="record_time_for"),
    path("reward/", reward, name="reward"),
    path("reward/for/<int:member_id>/", reward_for, name="reward_for"),
]
