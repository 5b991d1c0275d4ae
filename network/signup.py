"""allauth's sign-up form, doing the same work whether or not the address is already registered.

allauth never says an address is taken (ACCOUNT_PREVENT_ENUMERATION): both answers send one email through the
adapter and show the same page. Only a new account hashed a password, so a registered address answered about
fifteen times sooner; now it hashes one too, and the time says nothing (tests/test_security_enumeration.py).
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .account_forms import BothPasswordProblemsMixin


class SignupForm(BothPasswordProblemsMixin, AllauthSignupForm):
    labels = {"password1": _("Choose a password"), "password2": _("Type the password again")}

    def try_save(self, request):
        if self.account_already_exists:
            # The hash a new account would cost, thrown away: the registered address gets no new password.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
