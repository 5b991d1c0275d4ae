from django import forms
from django.contrib.auth import get_user_model


class PreferencesForm(forms.ModelForm):
    """Which emails a member wants. Reads the member model through Django, so notifications names no app."""

    class Meta:
        model = get_user_model()
        fields = ["wants_meeting_reminders", "wants_meeting_digests", "wants_weekly_digest"]
