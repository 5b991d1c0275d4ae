"""All validation of what people type or upload for meetings."""

import io
import zipfile
from pathlib import PurePosixPath

import puremagic
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network.models import AccessNeed

from .models import LONGEST_MEETING, AgendaSuggestion, Invitation, Meeting, Paper

MAX_PAPER_BYTES = 10 * 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# What each allowed file name ending must really contain.
ALLOWED = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": DOCX,
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
MAGIC_TO_TYPE = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def _zip_document_type(head_and_body):
    """Word (.docx) or OpenDocument, told apart by what is inside the zip; None for any other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(head_and_body)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in ODF_TYPES else None
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_paper_type(data):
    """The real kind of a file from its content (puremagic, then a look inside zips), or None if not allowed."""
    try:
        matches = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        return None
    extensions = {m.extension.lower() for m in matches}
    if data.startswith(b"PK\x03\x04") or ".docx" in extensions or ".zip" in extensions:
        return _zip_document_type(data)
    for match in matches:
        kind = MAGIC_TO_TYPE.get(match.extension.lower())
        if kind:
            return kind
    return None


class PaperAdminForm(forms.ModelForm):
    class Meta:
        model = Paper
        fields = ["title", "agenda_item", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged on an edit
        if upload.size > MAX_PAPER_BYTES:
            raise ValidationError(_("This file is too big. Papers can be up to 10 MB."))
        ending = PurePosixPath(upload.name).suffix.lower().lstrip(".")
        if ending not in ALLOWED:
            raise ValidationError(
                _("Papers can be PDF, Word, OpenDocument or image files (PDF, DOC, DOCX, ODT, ODS, ODP, PNG, JPG, "
                  "GIF, WEBP).")
            )
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        real = detect_paper_type(data)
        if real is None or real != ALLOWED[ending]:
            raise ValidationError(
                _("This file is not really a %(kind)s file. Save it again as PDF, Word, OpenDocument or an image, "
                  "and upload that.") % {"kind": ending.upper()}
            )
        self.detected_type = real
        return upload

    def save(self, commit=True):
        paper = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if hasattr(upload, "content_type") and getattr(self, "detected_type", None):
            paper.content_type = self.detected_type
            paper.size = upload.size
            paper.original_name = PurePosixPath(upload.name).name[:200]
        if commit:
            paper.save()
        return paper


class ReplyForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[
            (Invitation.Response.ATTENDING, _("Yes, I am coming")),
            (Invitation.Response.MAYBE, _("Maybe")),
            (Invitation.Response.APOLOGIES, _("No, I send my apologies")),
        ],
        widget=forms.RadioSelect,
        help_text=_("Only 'Yes, I am coming' keeps a place for you."),
    )
    access_needs = forms.MultipleChoiceField(
        label=_("What would help you take part in this meeting?"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("We have filled this in from your profile. Change it for this meeting if you need to."),
    )
    access_needs_notes = forms.CharField(
        label=_("Anything else that would help at this meeting"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_member(cls, *, member, invitation, data=None):
        """Pre-filled from the last reply, or from the member's profile if they have not replied yet."""
        if invitation is not None and invitation.responded_at:
            initial = {
                "response": Invitation.Response.ATTENDING
                if invitation.response == Invitation.Response.WAITING else invitation.response,
                "access_needs": invitation.access_needs,
                "access_needs_notes": invitation.access_needs_notes,
            }
        else:
            initial = {"access_needs": list(member.access_needs or []),
                       "access_needs_notes": member.access_needs_notes}
        return cls(data=data, initial=initial)


class SuggestionForm(forms.ModelForm):
    class Meta:
        model = AgendaSuggestion
        fields = ["title", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": _("For example: how we make meetings easier for people who work in the day."),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        help_text=_("Everyone invited will be told this, by email or by their lead."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuggestionAdminForm(forms.ModelForm):
    minutes_allowed = forms.IntegerField(label=_("minutes allowed, if added"), required=False, min_value=1)

    class Meta:
        model = AgendaSuggestion
        fields = ["status", "answer"]

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.status != AgendaSuggestion.Status.WAITING and \
                data.get("status") != self.instance.status:
            raise ValidationError(_("This suggestion has already been answered."))
        if data.get("status") == AgendaSuggestion.Status.DECLINED and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Say why the suggestion is not on the agenda this time."))
        return data


class InvitationAdminForm(forms.ModelForm):
    """A lead records the reply of someone who answered by phone or post. The waiting list is the system's to set."""

    response = forms.ChoiceField(
        label=_("reply"),
        choices=[
            (Invitation.Response.NO_REPLY, _("Not replied yet")),
            (Invitation.Response.ATTENDING, _("Coming (or on the waiting list if the meeting is full)")),
            (Invitation.Response.MAYBE, _("Maybe")),
            (Invitation.Response.APOLOGIES, _("Sends apologies")),
        ],
        required=False,
    )
    access_needs = forms.MultipleChoiceField(
        label=_("access needs for this meeting"), choices=AccessNeed.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Invitation
        fields = ["response", "access_needs", "access_needs_notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.response == Invitation.Response.WAITING:
            self.initial["response"] = Invitation.Response.ATTENDING


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "kind", "project", "description", "starts_at", "ends_at", "venue", "venue_access",
                  "online_link", "capacity", "status", "audience", "chosen_members"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        elif starts and ends and ends - starts > LONGEST_MEETING:
            self.add_error(
                "ends_at", _("A meeting can last at most a day. For an event over several days, add a meeting for each day.")
            )
        if data.get("audience") == Meeting.Audience.PROJECT and not data.get("project"):
            self.add_error("project", _("Choose the project whose members are invited."))
        if data.get("kind") == Meeting.Kind.PROJECT and not data.get("project"):
            self.add_error("project", _("A project meeting needs its project."))
        return data
