from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Invitation
from network.forms import ACCESS_NEEDS_FIELD

from .models import How, Permission, Relationship

PERMISSIONS_FIELD = dict(
    label=_("What may they do for you?"), choices=Permission.choices, required=False,
    widget=forms.CheckboxSelectMultiple,
    help_text=_("Tick each thing you agree to. You can change this or stop it at any time."),
)


class NameSupportPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"), max_length=254,
        help_text=_("Type it exactly. We email them to say you named them. If they are not a member, we invite "
                    "them to make a support person account."),
    )
    name = forms.CharField(label=_("Their name"), max_length=120)
    relationship = forms.ChoiceField(label=_("Who are they to you?"), choices=Relationship.choices)
    permissions = forms.MultipleChoiceField(**PERMISSIONS_FIELD)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us their name."))
        return name


class PermissionsForm(forms.Form):
    permissions = forms.MultipleChoiceField(**PERMISSIONS_FIELD)


class HowForm(forms.Form):
    """For a lead recording the choice of someone offline: how the member told them."""

    how = forms.ChoiceField(label=_("How did they tell you?"), choices=[(How.PHONE, How.PHONE.label),
                                                                        (How.PAPER, How.PAPER.label)])


class ReplyForForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Are they coming?"),
        choices=[(Invitation.Response.ATTENDING, _("Yes, they are coming")), (Invitation.Response.MAYBE, _("Maybe")),
                 (Invitation.Response.APOLOGIES, _("No, they send their apologies"))],
        widget=forms.RadioSelect,
    )
    coming_with = forms.BooleanField(label=_("I am coming with them"), required=False)


class AccessNeedsForForm(forms.Form):
    access_needs = forms.MultipleChoiceField(**{**ACCESS_NEEDS_FIELD, "label": _("What helps them take part?")})
    access_needs_notes = forms.CharField(label=_("Anything else that helps them take part"), required=False,
                                         max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class WelcomeForm(forms.Form):
    password1 = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}), min_length=8)
    password2 = forms.CharField(label=_("Type the password again"), widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        from django.contrib.auth.password_validation import validate_password

        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"], self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
