from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form: how the person wants to be known, and their main role."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("The name other members will see. It can be a first name only."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.ChoiceField(
        label=_("How are you involved?"),
        choices=Role.choices,
        help_text=_("Choose the one that fits best. You decide later whether other members can see it."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["display_name", "role"])
