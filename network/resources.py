"""The members list leads export from the admin (CSV and Excel, through the spreadsheet-safe writers)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from exports.resources import SafeResource, choice_label

from .models import LEADS_GROUP_NAME, AccessNeed, ConsentKind, Member, Role


class MemberResource(SafeResource):
    """Members for leads: who they are and how to reach them. Never a password, never a secret link."""

    name = fields.Field(attribute="display_name", column_name=_("name"))
    email = fields.Field(attribute="email", column_name=_("email address"))
    role = fields.Field(column_name=_("main role"))
    pronouns = fields.Field(attribute="pronouns", column_name=_("pronouns"))
    phone = fields.Field(attribute="phone", column_name=_("phone number"))
    preferred_contact = fields.Field(column_name=_("best way to contact"))
    postal_address = fields.Field(attribute="postal_address", column_name=_("postal address"))
    access_needs = fields.Field(column_name=_("access needs"))
    offline = fields.Field(column_name=_("offline member"))
    is_lead = fields.Field(column_name=_("co-production lead"))
    in_directory = fields.Field(attribute="in_directory", column_name=_("in the directory"), widget=widgets.BooleanWidget())
    is_active = fields.Field(attribute="is_active", column_name=_("active"), widget=widgets.BooleanWidget())
    date_joined = fields.Field(attribute="date_joined", column_name=_("joined"), widget=widgets.DateTimeWidget())
    consent_contact = fields.Field(column_name=_("consent: contact"))
    consent_photographs = fields.Field(column_name=_("consent: photographs"))
    consent_data_processing = fields.Field(column_name=_("consent: keep my details"))

    class Meta:
        model = Member
        fields = [
            "id", "name", "email", "role", "pronouns", "phone", "preferred_contact", "postal_address", "access_needs",
            "offline", "is_lead", "in_directory", "is_active", "date_joined",
            "consent_contact", "consent_photographs", "consent_data_processing",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.with_consents().prefetch_related("groups")

    def dehydrate_role(self, member):
        return choice_label(Role.choices, member.role)

    def dehydrate_preferred_contact(self, member):
        return str(member.get_preferred_contact_display())

    def dehydrate_access_needs(self, member):
        return ", ".join(choice_label(AccessNeed.choices, code) for code in member.access_needs or [])

    def dehydrate_offline(self, member):
        return str(_("yes")) if member.is_offline else str(_("no"))

    def dehydrate_is_lead(self, member):
        return str(_("yes")) if any(g.name == LEADS_GROUP_NAME for g in member.groups.all()) else str(_("no"))

    def _consent(self, member, kind):
        given = getattr(member, f"consent_{kind}", None)
        if given is None:
            return str(_("not asked"))
        return str(_("given")) if given else str(_("withdrawn"))

    def dehydrate_consent_contact(self, member):
        return self._consent(member, ConsentKind.CONTACT)

    def dehydrate_consent_photographs(self, member):
        return self._consent(member, ConsentKind.PHOTOGRAPHS)

    def dehydrate_consent_data_processing(self, member):
        return self._consent(member, ConsentKind.DATA_PROCESSING)
