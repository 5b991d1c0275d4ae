"""What I bring: a piece in the member's own words, the ways they like to take part, and the leads' search."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import SearchWordsField
from .what_i_bring import PIECE_MAX_LENGTH, BringKind, TakingPart, WayToTakePart, WhatIBring


def one_line(text):
    """Control and invisible characters become spaces, and runs of spaces one space: a piece is one short line."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cs", "Cf", "Co", "Cn") else c for c in text)
    return " ".join(kept.split())


class PieceForm(forms.ModelForm):
    class Meta:
        model = WhatIBring
        fields = ["kind", "text", "who_may_see"]
        labels = {"kind": _("What kind of thing is it?"), "text": _("Tell us in a few words")}
        help_texts = {
            "text": _(
                "Up to 200 letters. For example: “I care for my mum, who lives with dementia”, “I was a "
                "teacher”, “I speak Polish”, “Photography”."
            ),
            "who_may_see": _("The co-production leads can always see it."),
        }
        widgets = {"kind": forms.RadioSelect, "who_may_see": forms.RadioSelect}
        error_messages = {
            "text": {
                "required": _("Please write a few words, or leave this part out."),
                "max_length": _("Please keep it to 200 letters or fewer (you wrote %(show_value)d)."),
            },
            "kind": {"required": _("Please choose what kind of thing it is.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = BringKind.choices  # radio buttons: no empty "---------" choice

    def clean_text(self):
        text = one_line(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Please write a few words, or leave this part out."))
        if len(text) > PIECE_MAX_LENGTH:
            raise forms.ValidationError(
                _("Please keep it to 200 letters or fewer (you wrote %(n)d).") % {"n": len(text)}
            )
        return text


class TakingPartForm(forms.ModelForm):
    ways = forms.MultipleChoiceField(
        label=_("Ways you like to take part"), choices=WayToTakePart.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Tick as many as you like, or none."),
        error_messages={"invalid_choice": _("Please tick only ways from the list.")},
    )

    class Meta:
        model = TakingPart
        fields = ["ways", "who_may_see"]
        widgets = {"who_may_see": forms.RadioSelect}
        labels = {"who_may_see": _("Who may see the ways you like to take part")}
        help_texts = {"who_may_see": _("The co-production leads can always see them.")}

    def clean_ways(self):
        chosen = set(self.cleaned_data["ways"])
        return [code for code in WayToTakePart.values if code in chosen]


class BringSearchForm(forms.Form):
    """A lead looks for people: words in what they bring, a kind, a way they like to take part. Posted, so what
    was searched for (which may be about someone's health) never goes into an address."""

    q = SearchWordsField(label=_("Words in what they bring"), required=False,
                         help_text=_("For example: photography, dementia, teacher."))
    kind = forms.ChoiceField(label=_("What kind"), choices=[("", _("Any kind")), *BringKind.choices], required=False)
    way = forms.ChoiceField(
        label=_("Likes to take part by"), choices=[("", _("Any way")), *WayToTakePart.choices], required=False
    )

    def search(self):
        """The cleaned search as a dict for the session; anything not in the lists is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key, "") for key in ("q", "kind", "way") if data.get(key)}
