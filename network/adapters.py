from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit

from .client_address import client_address


class AccountAdapter(DefaultAccountAdapter):
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
