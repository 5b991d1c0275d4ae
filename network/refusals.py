"""The one kind of refusal: something a person asked for that the platform will not do, with words for them."""

from django.utils.translation import gettext_lazy as _


class Refusal(Exception):
    """A request the platform cannot accept. `message` is shown to the person as it is; each app's refusals are
    subclasses with a message of their own (or one given when raised)."""

    message = _("That could not be done.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)
