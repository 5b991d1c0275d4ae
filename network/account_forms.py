"""allauth's account forms in our words: plain labels, no placeholders that repeat them, and both password
problems (too short, not the same) shown at once (ACCOUNT_FORMS in settings points here)."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

LABELS = {
    "login": _("Email address"),
    "email": _("Email address"),
    "password": _("Password"),
    "remember": _("Keep me signed in on this computer"),
    "oldpassword": _("Your password now"),
    "password1": _("New password"),
    "password2": _("Type the new password again"),
    "code": _("The code from the email"),
}
PASSWORDS_DIFFER = _("The two passwords are different. Type the same password in both boxes.")


def in_our_words(form, labels=None):
    for name, field in form.fields.items():
        label = (labels or {}).get(name) or LABELS.get(name)
        if label:
            field.label = label
        field.widget.attrs.pop("placeholder", None)


class PlainWordsMixin:
    labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_our_words(self, self.labels)


class BothPasswordProblemsMixin(PlainWordsMixin):
    """allauth checks that the two passwords match only when the first one passed its rules, so a person who typed
    a short password and then a different one learnt of the second problem only after fixing the first."""

    def clean(self):
        cleaned_data = super().clean()
        first, second = self.data.get(self.add_prefix("password1")), self.data.get(self.add_prefix("password2"))
        if first and second and first != second:
            self.errors.pop("password2", None)  # allauth's own words, when it did notice
            self.add_error("password2", PASSWORDS_DIFFER)
        return cleaned_data


class LoginForm(PlainWordsMixin, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(PlainWordsMixin, allauth_forms.ResetPasswordForm):
    pass


class RequestLoginCodeForm(PlainWordsMixin, allauth_forms.RequestLoginCodeForm):
    pass


class ConfirmLoginCodeForm(PlainWordsMixin, allauth_forms.ConfirmLoginCodeForm):
    pass


class AddEmailForm(PlainWordsMixin, allauth_forms.AddEmailForm):
    labels = {"email": _("Another email address")}


class ReauthenticateForm(PlainWordsMixin, allauth_forms.ReauthenticateForm):
    pass


class ChangePasswordForm(BothPasswordProblemsMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(BothPasswordProblemsMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(BothPasswordProblemsMixin, allauth_forms.ResetPasswordKeyForm):
    pass
