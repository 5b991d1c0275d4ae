"""All validation of what people type or upload for meetings."""

import io
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

import puremagic
from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network.models import AccessNeed

from .models import LONGEST_MEETING, AgendaSuggestion, Attendance, Guest, Invitation, Meeting, Paper

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


# Word and OpenDocument files are zips. Looking inside one is bounded, so a small file that unpacks to gigabytes
# (a "zip bomb") is refused before it can fill a web worker's memory.
MAX_ZIP_ENTRIES = 1000  # a long report with many pictures has a few hundred parts
MAX_ZIP_DIRECTORY_BYTES = 256 * 1024  # the table of contents zipfile reads whole, checked before it does
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # ten times the largest upload: more than the text and pictures of any paper
UNPACK_CHUNK_BYTES = 64 * 1024
_END_OF_ZIP = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"


class UnpacksTooFar(Exception):
    """A zip-based paper with far more inside than a document has: too many parts, or too many bytes once unpacked."""


def _check_zip_table_of_contents(data):
    """Refuse a zip whose table of contents is too long before zipfile reads it (each entry costs memory).

    The end record is found the way zipfile finds it, so both read the same numbers.
    """
    end = len(data) - 22
    if not (data[end:end + 4] == _END_OF_ZIP and data[-2:] == b"\0\0"):
        end = data.rfind(_END_OF_ZIP, max(0, len(data) - 22 - 65535))
    if end < 0:
        raise zipfile.BadZipFile("no end record")
    if data[max(0, end - 20):end - 16] == _ZIP64_LOCATOR:
        raise UnpacksTooFar  # sizes beyond 4 GB: never needed by a 10 MB paper
    entries, directory_bytes = struct.unpack_from("<HL", data, end + 10)
    if entries > MAX_ZIP_ENTRIES or directory_bytes > MAX_ZIP_DIRECTORY_BYTES:
        raise UnpacksTooFar


def _unpack_within_limits(archive):
    """Unpack every entry a small piece at a time, counting the bytes that really come out (the sizes a zip declares
    can lie), and stop at the limit. Returns the first bytes of the OpenDocument "mimetype" entry, if any."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise UnpacksTooFar
    unpacked, mimetype = 0, None
    for entry in entries:
        # Word and LibreOffice only store or deflate; bzip2 and lzma would unpack a whole block at once.
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise zipfile.BadZipFile("not a compression an office program uses")
        with archive.open(entry) as member:
            while chunk := member.read(UNPACK_CHUNK_BYTES):
                unpacked += len(chunk)
                if unpacked > MAX_UNPACKED_BYTES:
                    raise UnpacksTooFar
                if entry.filename == "mimetype" and mimetype is None:
                    mimetype = chunk[:100]
    return mimetype


def _zip_document_type(head_and_body):
    """Word (.docx) or OpenDocument, told apart by what is inside the zip; None for any other zip.

    Raises UnpacksTooFar for a zip with far more inside than a document.
    """
    try:
        _check_zip_table_of_contents(head_and_body)
        with zipfile.ZipFile(io.BytesIO(head_and_body)) as archive:
            mimetype = _unpack_within_limits(archive)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError, NotImplementedError, ValueError,
            struct.error, zlib.error):
        return None  # broken, encrypted or not made by an office program
    if "mimetype" in names:
        declared = (mimetype or b"").decode("ascii", "replace").strip()
        return declared if declared in ODF_TYPES else None
    if "word/document.xml" in names and "[Content_Types].xml" in names:
        return DOCX
    return None


def detect_paper_type(data):
    """The real kind of a file from its content (puremagic, then a look inside zips), or None if not allowed.

    Raises UnpacksTooFar for a zip bomb.
    """
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


def check_paper(upload, what=None):
    """The real kind of an uploaded document (a meeting paper, a receipt, a piece of evidence), checked by size and
    by content, not by its name. `what` names them in messages ("Receipts"). Raises ValidationError for the form."""
    what = what or _("Papers")
    if upload.size > MAX_PAPER_BYTES:
        raise ValidationError(_("This file is too big. %(what)s can be up to 10 MB.") % {"what": what})
    ending = PurePosixPath(upload.name).suffix.lower().lstrip(".")
    if ending not in ALLOWED:
        raise ValidationError(
            _("%(what)s can be PDF, Word, OpenDocument or image files (PDF, DOC, DOCX, ODT, ODS, ODP, PNG, JPG, "
              "GIF, WEBP).") % {"what": what}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        real = detect_paper_type(data)
    except UnpacksTooFar:
        raise ValidationError(
            _("This file is much bigger inside than a document should be, so it has not been added. Please save "
              "it again, or save it as a PDF, and upload that.")
        ) from None
    if real is None or real != ALLOWED[ending]:
        raise ValidationError(
            _("This file is not really a %(kind)s file. Save it again as PDF, Word, OpenDocument or an image, "
              "and upload that.") % {"kind": ending.upper()}
        )
    return real


class PaperAdminForm(forms.ModelForm):
    class Meta:
        model = Paper
        fields = ["title", "agenda_item", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged on an edit
        self.detected_type = check_paper(upload)
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
        return cls(data=data, initial=reply_starting_point(member=member, invitation=invitation))


def reply_starting_point(*, member, invitation):
    """Where a reply starts, whoever records it (the member, or a lead for someone who does not use email): the
    last reply, or the member's profile if they have not replied yet."""
    if invitation is not None and invitation.responded_at:
        return {
            "response": Invitation.Response.ATTENDING
            if invitation.response == Invitation.Response.WAITING else invitation.response,
            "access_needs": invitation.access_needs,
            "access_needs_notes": invitation.access_needs_notes,
        }
    return {"access_needs": list(member.access_needs or []), "access_needs_notes": member.access_needs_notes}


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
        if self.instance.pk is not None:
            self.initial.update(reply_starting_point(member=self.instance.member, invitation=self.instance))


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


# --- the lead's run-sheet ----------------------------------------------------------------------------------------

REGISTER_CHOICES = [
    (Attendance.Status.PRESENT, _("Present")),
    (Attendance.Status.APOLOGIES, _("Apologies")),
    (Attendance.Status.ABSENT, _("Absent")),
]


class RegisterForm(forms.Form):
    """Present, apologies or absent for each person on one page of the register: one radio group each."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for invitation in invitations:
            name = f"person_{invitation.member_id}"
            self.fields[name] = forms.ChoiceField(
                label=invitation.member.display_name, choices=REGISTER_CHOICES, required=False,
                widget=forms.RadioSelect, initial=invitation.register_status or None,
            )
            self.rows.append((invitation, name))

    def statuses(self):
        """{member id: status} for the people whose answer is given (an unchanged 'not recorded' is left alone)."""
        return {
            invitation.member_id: self.cleaned_data[name]
            for invitation, name in self.rows if self.cleaned_data.get(name)
        }

    def people(self):
        """(invitation, bound field) per person, for the template."""
        return [(invitation, self[name]) for invitation, name in self.rows]


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "about"]
        labels = {"name": _("Guest's name"), "about": _("Organisation or reason for coming (if you like)")}


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50_000)
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000,
        help_text=_("One decision on each line."),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write what was discussed."))
        return text

    def decision_lines(self):
        return [line.strip() for line in self.cleaned_data.get("decisions", "").splitlines() if line.strip()]


class NewActionForm(forms.Form):
    """One action agreed at the meeting. A row left empty is skipped."""

    what = forms.CharField(label=_("What needs doing"), max_length=300, required=False)
    owner = forms.ModelChoiceField(label=_("Who will do it"), queryset=None, required=False)
    due = forms.DateField(label=_("Due by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, owner_widget, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["owner"].widget = owner_widget  # before the queryset, which hands the widget its choices
        self.fields["owner"].queryset = get_user_model().objects.active().not_erased()

    def clean(self):
        data = super().clean()
        if not data.get("what", "").strip() and (data.get("owner") or data.get("due")):
            self.add_error("what", _("Say what needs doing, or clear the other boxes in this row."))
        return data

    def action(self):
        """The action's fields, or None for an empty row."""
        what = self.cleaned_data.get("what", "").strip()
        if not what:
            return None
        return {"what": what, "owner": self.cleaned_data.get("owner"), "due": self.cleaned_data.get("due")}


NEW_ACTION_ROWS = 3
NewActionFormSet = forms.formset_factory(NewActionForm, extra=NEW_ACTION_ROWS, max_num=NEW_ACTION_ROWS)


class ChosenPeopleWidget(AutocompleteSelectMultiple):
    """The admin's type-to-choose box for several people. A form sent back with an id that is not a number (odd
    input) is shown again instead of failing: such a value is left out of what it shows as chosen."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)

    def build_attrs(self, base_attrs, extra_attrs=None):
        # No "clear all" cross: select2 puts it straight inside its list of chosen people, which is not a list item
        # (axe: list); each person chosen keeps their own cross to take them off.
        return {**super().build_attrs(base_attrs, extra_attrs), "data-allow-clear": "false"}


class ChairsForm(forms.Form):
    """Who chaired or co-chaired the meeting: one or more members, chosen with the admin's type-to-choose box."""

    members = forms.ModelMultipleChoiceField(
        label=_("Chair or co-chairs"), queryset=None, required=False,
        help_text=_("Choose one person, or more if they shared it. Leave it empty if nobody is recorded yet."),
        error_messages={"invalid_choice": _("We could not find one of the people chosen. Choose them again."),
                        "invalid_pk_value": _("We could not find one of the people chosen. Choose them again.")},
    )

    def __init__(self, *args, members_widget, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["members"].widget = members_widget  # before the queryset, which hands the widget its choices
        self.fields["members"].queryset = get_user_model().objects.active().not_erased()
