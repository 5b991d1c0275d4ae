from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PledgeVersion


class SignPledgeForm(forms.Form):
    """Taking (or re-affirming) the pledge. The version read is posted back so nobody signs text they never saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    commitment = forms.CharField(
        label=_("Your own commitment (you can leave this empty)"),
        help_text=_("Something you will do, in your own words. For example: “I will listen first and speak second.”"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("I will …")}),
    )
    show_on_wall = forms.BooleanField(
        label=_("Show my name and my commitment on the pledge wall"),
        help_text=_("Anyone visiting the pledge page can see the wall. You can change your mind later."),
        required=False,
    )

    def __init__(self, *args, current_version, **kwargs):
        self.current_version = current_version
        super().__init__(*args, **kwargs)
        if current_version is not None:
            self.fields["version"].initial = current_version.pk

    def clean(self):
        cleaned = super().clean()
        version_id = cleaned.get("version")
        if self.current_version is None or version_id != self.current_version.pk:
            # Shown above the form: the hidden field has no place of its own to show a message.
            raise forms.ValidationError(
                _("The pledge changed while you were reading it. Please read the new version below and try again.")
            )
        cleaned["version"] = self.current_version
        return cleaned

    def clean_commitment(self):
        return " ".join(self.cleaned_data["commitment"].split())


class WallChoiceForm(forms.Form):
    """Sent by one button on the pledge page: show me on the wall, or take me off it."""

    show_on_wall = forms.BooleanField(required=False, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    """Nothing to fill in: the button is the answer."""


class PledgeVersionAdminForm(forms.ModelForm):
    class Meta:
        model = PledgeVersion
        fields = ["title", "text", "easy_read_text", "what_changed", "published_at"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the words of the pledge."))
        return text

    def clean(self):
        cleaned = super().clean()
        # A version is published with its Easy Read text, so members who chose Easy Read can read what they sign.
        already_published = self.instance.pk and self.instance.is_published
        if cleaned.get("published_at") and not already_published and not cleaned.get("easy_read_text", "").strip():
            self.add_error("easy_read_text", EASY_READ_NEEDED)
        return cleaned


EASY_READ_NEEDED = _(
    "Write the pledge in Easy Read before you publish it. To keep it as a draft for now, leave “published” empty."
)
