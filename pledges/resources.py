"""The pledge signatures leads export from the admin."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from exports.resources import SafeResource, choice_label
from network.models import Role

from .models import PledgeSignature


class PledgeSignatureResource(SafeResource):
    member_id = fields.Field(attribute="member_id", column_name=_("member number"), widget=widgets.IntegerWidget())
    member_name = fields.Field(attribute="member__display_name", column_name=_("member"))
    role = fields.Field(column_name=_("role"))
    version_title = fields.Field(attribute="version__title", column_name=_("pledge version"))
    version_published = fields.Field(
        attribute="version__published_at", column_name=_("version published"), widget=widgets.DateTimeWidget()
    )
    signed_at = fields.Field(attribute="signed_at", column_name=_("signed"), widget=widgets.DateTimeWidget())
    commitment = fields.Field(attribute="commitment", column_name=_("own commitment"))
    show_on_wall = fields.Field(attribute="show_on_wall", column_name=_("on the wall"), widget=widgets.BooleanWidget())
    withdrawn_at = fields.Field(attribute="withdrawn_at", column_name=_("withdrawn"), widget=widgets.DateTimeWidget())

    class Meta:
        model = PledgeSignature
        fields = [
            "id", "member_id", "member_name", "role", "version_title", "version_published",
            "signed_at", "commitment", "show_on_wall", "withdrawn_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("member", "version")

    def dehydrate_role(self, signature):
        return choice_label(Role.choices, signature.member.role)
