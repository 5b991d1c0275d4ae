"""All validation of what people type about projects."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from network import member_labels
from network.models import Member
from network.widgets import MemberChoiceField

from . import selectors
from .models import InvolvementLevel, JoinPolicy, NeedsTier, Principle, Project, Stage
from .services import is_forward, neighbouring_stages

ANY = [("", _("Any"))]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search for words"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), choices=ANY + Stage.choices, required=False)
    involvement_level = forms.ChoiceField(
        label=_("How involved people are"), choices=ANY + InvolvementLevel.choices, required=False
    )
    needs_tier = forms.ChoiceField(label=_("Kind of support"), choices=ANY + NeedsTier.choices, required=False)
    open_to_join = forms.BooleanField(label=_("Only projects I can join"), required=False)

    def filter(self, projects):
        if not self.is_valid():
            return projects
        data = self.cleaned_data
        if data["q"]:
            projects = projects.search(data["q"])
        for field in ("stage", "involvement_level", "needs_tier"):
            if data[field]:
                projects = projects.filter(**{field: data[field]})
        if data["open_to_join"]:
            projects = projects.open_to_join()
        return projects


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title", "slug", "summary", "easy_read_summary", "aims", "can_achieve", "cannot_achieve",
            "involvement_level", "needs_tier", "join_policy", "requires_pledge",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "easy_read_summary": forms.Textarea(attrs={"rows": 3}),
            "aims": forms.Textarea(attrs={"rows": 3}),
            "can_achieve": forms.Textarea(attrs={"rows": 3}),
            "cannot_achieve": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": _("Short name used in the web address, like calmer-waiting-rooms. Leave empty to make one from the title."),
            "easy_read_summary": _("Short sentences and everyday words."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:80]
        if not slug:
            raise ValidationError(_("Please give the project a short web address name, using letters and numbers."))
        taken = Project.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another project already uses this web address name. Please choose another."))
        return slug


class ChecklistTickForm(forms.Form):
    """One point, from a project page drawn before the checklist was saved as one form (see ChecklistForm)."""

    done = forms.BooleanField(label=_("Done"), required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


POSTED_POINT = re.compile(r"initial-done_(\d+)")


class ChecklistForm(forms.Form):
    """The ticks and notes of one stage's checklist, saved together with one button.

    Each field carries the value the page showed (Django's hidden initial), so only the points this person changed
    are saved: a point someone else ticked since the page was drawn keeps its tick, and who ticked it and when."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"done_{item.pk}"] = forms.BooleanField(
                label=item.text, required=False, initial=item.is_done, show_hidden_initial=True,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note (optional)"), required=False, max_length=500, initial=item.note,
                show_hidden_initial=True, widget=forms.TextInput(attrs={"class": "form-control"}),
                error_messages={"max_length": _("Please keep the note under 500 characters.")},
            )

    @staticmethod
    def posted_item_ids(data):
        """The points a sent form showed, whichever stage they belong to now."""
        return [int(match[1]) for key in data if (match := POSTED_POINT.fullmatch(key))]

    def rows(self):
        """(item, tick field, note field) for each point, for the page to draw."""
        for item in self.items:
            note = self[f"note_{item.pk}"]
            if note.errors:
                note.field.widget.attrs.update({
                    "class": "form-control is-invalid", "aria-invalid": "true",
                    "aria-describedby": f"{note.auto_id}_error",
                })
            yield item, self[f"done_{item.pk}"], note

    def changes(self):
        """(item, done, note) for each point this person changed; what they left alone stays as it is now."""
        changed = set(self.changed_data)
        for item in self.items:
            done, note = f"done_{item.pk}", f"note_{item.pk}"
            if done in changed or note in changed:
                yield (
                    item,
                    self.cleaned_data[done] if done in changed else item.is_done,
                    self.cleaned_data[note] if note in changed else item.note,
                )


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move the project to"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why is the project moving?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("Please say why the project is moving, so members understand.")},
    )
    confirm_unticked = forms.BooleanField(
        label=_("I know these points are not ticked and want to move on anyway"), required=False,
        help_text=_("Only needed when moving on to the next stage."),
    )

    def __init__(self, *args, project, unticked, **kwargs):
        super().__init__(*args, **kwargs)
        self.unticked = unticked
        self.project = project
        self.fields["to_stage"].choices = [
            (stage, (_("On to %(stage)s") if is_forward(project.stage, stage) else _("Back to %(stage)s"))
             % {"stage": Stage(stage).label})
            for stage in neighbouring_stages(project.stage)
        ]
        if not unticked:
            del self.fields["confirm_unticked"]

    def clean(self):
        data = super().clean()
        forward = data.get("to_stage") and is_forward(self.project.stage, data["to_stage"])
        if self.unticked and forward and not data.get("confirm_unticked"):
            self.add_error(
                "confirm_unticked",
                _("Some points are not ticked yet. Tick this box to confirm you want to move on anyway."),
            )
        return data


class JoinForm(forms.Form):
    """Why someone would like to be involved, and what they would like to do: optional when anyone may join; needed
    when the project leads decide who joins, because they read the answers to decide."""

    why_involved = forms.CharField(
        label=_("Why would you like to be involved?"),
        help_text=_("For example: I use this service, I look after someone who does, or I want to help make it better."),
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("Please tell us a little about why you would like to be involved.")},
    )
    contribution = forms.CharField(
        label=_("What would you like to do in the project?"),
        help_text=_("For example: come to meetings, share your experience, help with leaflets, take photos."),
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": _("Please tell us what you would like to do. Anything helps.")},
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        if project.join_policy == JoinPolicy.OPEN:
            for field in self.fields.values():
                field.required = False
                field.label = _("%(question)s (optional)") % {"question": field.label}


class MembershipRoleForm(forms.Form):
    project_role = forms.CharField(
        label=_("Role in the project"), required=False, max_length=120,
        help_text=_("For example: co-chair, note-taker, photographer."),
    )
    is_project_lead = forms.BooleanField(label=_("Project lead"), required=False)


OWNER_LIST_UP_TO = 50  # people in a project; past this a list of names is slow to send and to go through
NAMES_SHOWN = 20  # people a typed name may fit before we ask for more of it


class ActionForm(forms.Form):
    """An action in a project of up to OWNER_LIST_UP_TO people: whoever does it is chosen from a list of them."""

    what = forms.CharField(label=_("What needs doing?"), max_length=300)
    owner = MemberChoiceField(label=_("Who will do it?"), queryset=Member.objects.none(), viewer=None, required=False,
                              empty_label=_("Nobody yet"))
    due = forms.DateField(label=_("Due by (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, project, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.viewer = viewer  # each option tells people of the same name apart, with what this person may see
        owner.queryset = selectors.active_members(project)


class _OneOfThem(forms.TypedChoiceField):
    """Which of the people a typed name fits. A choice left from a name since changed is ignored, not refused."""

    def valid_value(self, value):
        return True


class ActionByNameForm(forms.Form):
    """An action in a larger project: the lead types the name of whoever will do it (a list of thousands of names is
    slow to send, and hard to go through with a keyboard or a screen reader), and chooses only among the people that
    name fits. Gives the same cleaned data as ActionForm: what, owner and due."""

    what = forms.CharField(label=_("What needs doing?"), max_length=300)
    owner_name = forms.CharField(
        label=_("Who will do it? (optional)"), required=False, max_length=150,
        help_text=_("Type their name, or part of it. Leave this empty if nobody has said they will do it yet."),
    )
    owner = _OneOfThem(label=_("Which person do you mean?"), required=False, coerce=int, empty_value=None,
                       widget=forms.RadioSelect)  # only there when the name fits more than one person
    due = forms.DateField(label=_("Due by (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, project, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.initial.get("owner")
        if isinstance(chosen, Member):  # changing an action: its owner is named and, among namesakes, chosen
            self.initial = {**self.initial, "owner_name": str(chosen), "owner": chosen.pk}
        typed = self.data.get(self.add_prefix("owner_name"), "") if self.is_bound else self.initial.get("owner_name")
        self.typed = (typed or "").strip()[:150]
        self.matches = selectors.active_members_named(project, self.typed, shown=NAMES_SHOWN) if self.typed else []
        if 2 <= len(self.matches) <= NAMES_SHOWN:
            labels = member_labels.labels_for(self.matches, viewer=viewer)
            self.fields["owner"].choices = [(person.pk, labels[person.pk]) for person in self.matches]
        else:
            del self.fields["owner"]

    def clean(self):
        data = super().clean()
        data.pop("owner_name", None)
        picked = data.get("owner")
        data["owner"] = None
        if not self.typed:
            return data
        fits = {person.pk: person for person in self.matches}
        if len(fits) == 1 or picked in fits:
            data["owner"] = fits[picked] if picked in fits else self.matches[0]
        elif not fits:
            self.add_error("owner_name", _(
                "Nobody in this project has “%(name)s” in their name. Check the spelling, "
                "or leave this empty for now.") % {"name": self.typed})
        elif len(fits) > NAMES_SHOWN:
            self.add_error("owner_name", _(
                "More than %(count)d people in this project have “%(name)s” in their name. "
                "Please type more of it, such as their full name.") % {"count": NAMES_SHOWN, "name": self.typed})
        else:
            self.add_error("owner", _(
                "%(count)d people in this project have “%(name)s” in their name. Choose the one you mean.")
                % {"count": len(fits), "name": self.typed})
        return data


def action_form(data=None, *, project, viewer, initial=None):
    """The form for adding or changing one of the project's actions, with the way of choosing its owner that suits
    how many people the project has."""
    big = selectors.has_more_active_members_than(project, OWNER_LIST_UP_TO)
    form_class = ActionByNameForm if big else ActionForm
    return form_class(data, project=project, viewer=viewer, initial=initial)


class ImpactForm(forms.Form):
    what_changed = forms.CharField(label=_("What changed?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    evidence = forms.CharField(
        label=_("How do we know? (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000, help_text=_("For example: feedback cards, numbers before and after, what people told us."),
    )
    happened_on = forms.DateField(label=_("When did it change?"), widget=forms.DateInput(attrs={"type": "date"}))


class YouSaidWeDidForm(forms.Form):
    you_said = forms.CharField(label=_("You said"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               max_length=2000)
    we_did = forms.CharField(label=_("We did"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)

    def clean(self):
        data = super().clean()
        said, did = data.get("you_said"), data.get("we_did")
        if said and not did:
            self.add_error("we_did", _("Please say what was done about this."))
        if did and not said:
            self.add_error("you_said", _("Please say what people told us."))
        return data


YouSaidWeDidFormSet = forms.formset_factory(YouSaidWeDidForm, extra=3, max_num=10)

RATINGS = [
    (1, _("1 – not at all")), (2, _("2 – a little")), (3, _("3 – partly")), (4, _("4 – mostly")),
    (5, _("5 – completely")),
]


class ReflectionForm(forms.Form):
    """One rating (1–5) and an optional comment for each active principle."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.principles = list(Principle.objects.active())
        for principle in self.principles:
            self.fields[f"rating_{principle.pk}"] = forms.TypedChoiceField(
                label=principle.name, help_text=principle.description, choices=RATINGS, coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a number from 1 to 5 for this principle.")},
            )
            self.fields[f"comment_{principle.pk}"] = forms.CharField(
                label=_("Anything you want to add about “%(name)s”? (optional)") % {"name": principle.name},
                required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self):
        return [
            (p, self.cleaned_data[f"rating_{p.pk}"], self.cleaned_data[f"comment_{p.pk}"]) for p in self.principles
        ]
