from django import forms
from django.utils.translation import gettext_lazy as _


class EraseAccountForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my details will be erased, that I will be signed out, and that this cannot be undone."),
        required=True,
        error_messages={"required": _("Tick the box to say you understand, or go back if you have changed your mind.")},
    )


class EraseOfflineMemberForm(forms.Form):
    asked = forms.BooleanField(
        label=_("They asked us to delete their account, and I have told them what we erase and what we keep."),
        required=True,
        error_messages={"required": _("Tick the box to confirm they asked, or go back.")},
    )
