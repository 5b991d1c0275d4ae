from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        # One address, one person, whatever the letter case.
        return super().clean_email(email).strip().lower()
