from django import forms

from network.models import Member


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["wants_meeting_reminders", "wants_meeting_digests", "wants_weekly_digest"]
