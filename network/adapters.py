from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .client_address import client_address
from .language import use_saved_language


class AccountAdapter(DefaultAccountAdapter):
    # allauth's refusals in our words: what went wrong and what to do next.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is not able to sign in at the moment. Write to us and we will help."),
        "cannot_remove_primary_email": _("This is your main address, so it cannot be removed."),
        "duplicate_email": _("This email address is on your account already."),
        "email_password_mismatch": _(
            "The email address or the password is not right. Check them and try again, or ask us to email you a code."
        ),
        "email_taken": _("Another member uses this email address."),
        "enter_current_password": _("This is not your password now. Type the password you sign in with."),
        "incorrect_code": _(
            "This code is not right. Check it against the email and type it again. You can try three times."
        ),
        "incorrect_password": _("This password is not right. Try again."),
        "invalid_or_expired_key": _("This link is too old, or it has been used already. Ask for a new one."),
        "invalid_login": _("We could not sign you in. Try again, or ask us to email you a code."),
        "invalid_password_reset": _("This link is too old, or it has been used already. Ask for a new one."),
        "max_email_addresses": _("Your account has as many email addresses as it can hold (%d). Remove one first."),
        "too_many_login_attempts": _(
            "There have been too many tries. Wait five minutes and try again, or ask us to email you a code."
        ),
        "unknown_email": _("No member has this email address."),
        "unverified_primary_email": _("Confirm this address first, then you can make it your main one."),
        "same_as_current": _("This is the address you have now. Type a different one."),
        "rate_limited": _("You have asked many times in a short time. Wait a few minutes, then try again."),
    }
    # allauth ends a code after three wrong tries with the wrong-password words ("wait five minutes, or ask for a
    # code") on the very page that asks for a new code, which may be asked for straight away.
    code_ended = _(
        "That code was typed wrong three times, so it does not work any more. Type your email address again "
        "and we will send you a new code."
    )

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        match = getattr(request, "resolver_match", None)
        if match and match.url_name == "account_confirm_login_code" and message == self.error_messages[
            "too_many_login_attempts"
        ]:
            message = self.code_ended
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def post_login(self, request, user, **kwargs):
        return use_saved_language(super().post_login(request, user, **kwargs), user)

    def get_password_change_redirect_url(self, request):
        # Back to the sign-in details, told "Your new password is saved"; the same form again, empty, read as if
        # nothing had happened.
        return reverse("account_email")

    def clean_email(self, email):
        # One address, one person, whatever the letter case.
        return super().clean_email(email).strip().lower()

    def get_client_ip(self, request):
        # Every allauth limit counts by the same address as the rest of the site (the proxy's header, if trusted).
        return client_address(request) or "unknown"

    def authenticate(self, request, **credentials):
        """Wrong passwords count against the account, never against the address: on an address shared by many
        (a proxy, a hospital's network) a stranger's guesses must not stop anyone else signing in.

        Two limits, both per account (ACCOUNT_RATE_LIMITS): "login_failed_here" counts the failures for this account
        from this address, so a guesser soon stops without locking the owner out elsewhere; allauth's
        "login_failed" counts them from every address, against guessing spread over many.
        """
        here = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_here",
            key=f"{self.get_client_ip(request)} {credentials.get('email') or ''}".lower(),
        )
        if not here:
            raise self.validation_error("too_many_login_attempts")
        try:
            user = super().authenticate(request, **credentials)
        except Exception:
            here.rollback()  # refused before the password was tried: not a failure
            raise
        if user:
            here.rollback()  # a right password is not a failure
        return user
