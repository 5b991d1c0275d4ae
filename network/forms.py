import unicodedata

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from .models import AccessNeed, Blockage, ConsentKind, ContactMethod, Enquiry, Member, NetworkPage, Role
from .phone import NOT_MOBILE, is_mobile, normalise_uk_phone


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form: how the person wants to be known, and their main role."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("The name other members will see. It can be a first name only."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # No answer chosen for the person: an empty first choice, so skipping the question is an error, not a role.
    role = forms.ChoiceField(
        label=_("How are you involved?"),
        choices=[("", _("Choose one")), *Role.choices],
        error_messages={"required": _("Choose how you are involved. Pick the one that fits you best.")},
        help_text=_(
            "Choose the one that fits best. We use it only to count who takes part, so we can see that everyone's "
            "voice is heard. It gives you no powers and does not change what you can do. Other members do not see "
            "it unless you choose to show it on your profile."
        ),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.role = self.cleaned_data["role"]
        user.save(update_fields=["display_name", "role"])
        _accept_invitation_from_session(request, user)


def _accept_invitation_from_session(request, user):
    from . import services
    from .models import JoinInvitation

    invitation_id = request.session.pop(INVITATION_SESSION_KEY, None) if request is not None else None
    if not invitation_id:
        return
    invitation = JoinInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True).first()
    if invitation is not None and invitation.email.lower() == (user.email or "").lower():
        services.accept_invitation(invitation=invitation, member=user)


INVITATION_SESSION_KEY = "network_invitation_id"

CONSENT_LABELS = {
    ConsentKind.CONTACT: _("I agree to the network contacting me about meetings, projects and news"),
    ConsentKind.PHOTOGRAPHS: _("I agree to being photographed or filmed at network events"),
    ConsentKind.DATA_PROCESSING: _("I agree to the network keeping and using my details to run the network"),
}
OFFLINE_CONSENT_LABELS = {
    ConsentKind.CONTACT: _("They agree to the network contacting them about meetings, projects and news"),
    ConsentKind.PHOTOGRAPHS: _("They agree to being photographed or filmed at network events"),
    ConsentKind.DATA_PROCESSING: _("They agree to the network keeping and using their details"),
}


def _consent_help(latest):
    if latest is None:
        return ""
    when = date_format(timezone.localtime(latest.recorded_at), "j F Y")
    if latest.given:
        return _("You agreed on %(date)s.") % {"date": when}
    return _("You said no, or withdrew, on %(date)s.") % {"date": when}


def consent_field_name(kind):
    return f"consent_{kind}"


class ContactDetailsMixin:
    """Phone checks and the matching between the chosen way of contact and the details given."""

    def clean_phone(self):
        return normalise_uk_phone(self.cleaned_data.get("phone", ""))

    def clean_access_needs(self):
        return sorted(set(self.cleaned_data.get("access_needs") or []))

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_contact")
        phone = cleaned.get("phone")
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not phone and "phone" not in self.errors:
            self.add_error("phone", _("Please give a phone number, so we can contact you the way you chose."))
        if method == ContactMethod.TEXT and phone and not is_mobile(phone):
            self.add_error("phone", NOT_MOBILE)
        if method == ContactMethod.POST and not (cleaned.get("postal_address") or "").strip():
            self.add_error("postal_address", _("Please give a postal address, so we can write to you."))
        return cleaned

    def consents(self):
        return {kind: self.cleaned_data[consent_field_name(kind)] for kind in ConsentKind.values}


ACCESS_NEEDS_FIELD = dict(
    label=_("What helps you take part?"),
    choices=AccessNeed.choices,
    required=False,
    widget=forms.CheckboxSelectMultiple,
    help_text=_("Tick any that apply. Meeting organisers see these for people who are coming."),
)


class ProfileForm(ContactDetailsMixin, forms.ModelForm):
    access_needs = forms.MultipleChoiceField(**ACCESS_NEEDS_FIELD)

    class Meta:
        model = Member
        fields = [
            "display_name", "pronouns", "role", "phone", "preferred_contact", "postal_address",
            "access_needs", "access_needs_notes",
            "wants_meeting_reminders", "wants_meeting_digests", "wants_weekly_digest",
            "in_directory", "show_role_in_directory",
        ]
        labels = {
            "display_name": _("Your name"),
            "pronouns": _("Your pronouns (optional)"),
            "role": _("How are you involved?"),
            "preferred_contact": _("The best way to contact you"),
            "postal_address": _("Postal address (only if you would like letters)"),
            "access_needs_notes": _("Anything else that helps you take part"),
            "wants_meeting_reminders": _("Remind me before meetings I am going to"),
            "wants_meeting_digests": _("Send me the notes from meetings I was invited to"),
            "wants_weekly_digest": _("Send me a weekly email with network news"),
            "in_directory": _("Show me in the member directory"),
            "show_role_in_directory": _("Show my role to other members"),
        }
        help_texts = {
            "pronouns": _("For example: she/her, he/him, they/them."),
            "phone": _("A UK number, for example 07700 900123."),
            "in_directory": _("Only signed-in members see the directory. You are not listed unless you tick this."),
            "show_role_in_directory": _(
                "In the directory, on project pages and in meeting numbers. If you leave this unticked, other members "
                "see you as “Member”; only you and the co-production leads see your role."
            ),
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "postal_address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "access_needs_notes": forms.Textarea(attrs={"rows": 3}),
            "preferred_contact": forms.RadioSelect,
        }

    def __init__(self, *args, current_consents=None, **kwargs):
        super().__init__(*args, **kwargs)
        current_consents = current_consents or {}
        for kind in ConsentKind.values:
            latest = current_consents.get(kind)
            self.fields[consent_field_name(kind)] = forms.BooleanField(
                label=CONSENT_LABELS[kind],
                required=False,
                initial=bool(latest and latest.given),
                help_text=_consent_help(latest),
            )


class OfflineMemberForm(ContactDetailsMixin, forms.ModelForm):
    access_needs = forms.MultipleChoiceField(**{**ACCESS_NEEDS_FIELD, "label": _("What helps them take part?")})
    how = forms.CharField(
        label=_("How they gave their answers"),
        max_length=200,
        required=False,
        help_text=_("For example: “By phone, 3 March” or “On a paper form at the drop-in”."),
    )

    class Meta:
        model = Member
        fields = [
            "display_name", "pronouns", "role", "phone", "postal_address", "preferred_contact",
            "access_needs", "access_needs_notes",
        ]
        labels = {
            "display_name": _("Their name"),
            "pronouns": _("Their pronouns (optional)"),
            "role": _("How are they involved?"),
            "preferred_contact": _("The best way to contact them"),
            "access_needs_notes": _("Anything else that helps them take part"),
        }
        help_texts = {"phone": _("A UK number, for example 0161 496 0000.")}
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "access_needs_notes": forms.Textarea(attrs={"rows": 3}),
            "preferred_contact": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_contact"].choices = [
            (value, label) for value, label in ContactMethod.choices if value != ContactMethod.EMAIL
        ]
        self.fields["preferred_contact"].initial = ContactMethod.PHONE
        for kind in ConsentKind.values:
            self.fields[consent_field_name(kind)] = forms.BooleanField(label=OFFLINE_CONSENT_LABELS[kind], required=False)
        self.order_fields([*self.Meta.fields, *[consent_field_name(k) for k in ConsentKind.values], "how"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not (cleaned.get("postal_address") or "").strip() and "phone" not in self.errors:
            self.add_error(None, _("Please give a phone number or a postal address, so their lead can keep in touch."))
        if not cleaned.get(consent_field_name(ConsentKind.DATA_PROCESSING)):
            self.add_error(
                consent_field_name(ConsentKind.DATA_PROCESSING),
                _("We can only keep someone's details if they agree. Please check with them first."),
            )
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), max_length=254)
    display_name = forms.CharField(label=_("Their name (optional)"), max_length=120, required=False)
    message = forms.CharField(
        label=_("A personal note (optional)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if Member.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone with that email address is already a member of the network."))
        return email


SEARCH_WORDS_MAX = 100


def searchable_words(text):
    """The words of a name search, safe to keep and to search for: no control or invisible characters (PostgreSQL
    cannot search for NUL), single spaces, at most SEARCH_WORDS_MAX characters. Anything not text becomes ""."""
    if not isinstance(text, str):
        return ""
    kept = "".join(c if unicodedata.category(c) not in ("Cc", "Cs", "Cf", "Co", "Cn") else " " for c in text)
    return " ".join(kept.split())[:SEARCH_WORDS_MAX].strip()


class SearchWordsField(forms.CharField):
    """A search box: odd characters are dropped rather than refused, and a long paste is cut to a name's length."""

    def to_python(self, value):
        return searchable_words(super().to_python(value))


class DirectorySearchForm(forms.Form):
    """The directory's search: part of a name, and a role. Posted, so a name never appears in an address."""

    q = SearchWordsField(label=_("Name"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role")), *Role.choices], required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Main role"), choices=Role.choices)


class RecordConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent to"), choices=ConsentKind.choices)
    given = forms.TypedChoiceField(
        label=_("Their answer"),
        choices=[("yes", _("They agree")), ("no", _("They do not agree, or they withdraw it"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    how = forms.CharField(label=_("How they told you"), max_length=200, required=False)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["name", "email", "phone", "message"]
        labels = {"email": _("Your email address"), "phone": _("Your phone number")}
        help_texts = {
            "email": _("Give an email address or a phone number, so we can reply."),
            "phone": _("A UK number, for example 07700 900123."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_phone(self):
        return normalise_uk_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not (self.errors.keys() & {"email", "phone"}):
            self.add_error(None, _("Please give an email address or a phone number, so we can reply."))
        return cleaned


class BlockageForm(forms.ModelForm):
    class Meta:
        model = Blockage
        fields = ["you_said", "may_share"]
        labels = {"you_said": _("What makes it hard for you to get involved?")}
        help_texts = {
            "you_said": _("For example: meetings are at times I cannot make, the venue is hard to reach, the papers are too long."),
        }
        widgets = {"you_said": forms.Textarea(attrs={"rows": 5})}


class NetworkPageForm(forms.ModelForm):
    class Meta:
        model = NetworkPage
        fields = ["about"]
        labels = {"about": _("About the network")}
        help_texts = {"about": _("Plain words. Leave a blank line between paragraphs.")}
        widgets = {"about": forms.Textarea(attrs={"rows": 10})}
