"""What co-production leads do in the admin: look after members, consents, invitations, enquiries, blockages and
the network page. Leads never see a password hash and never grant permissions: superusers do that."""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from exports.resources import AuditedExportMixin

from . import member_labels, selectors, services
from .admin_autocomplete import ChosenMemberLabelled
from .models import (
    LEADS_GROUP_NAME,
    AccessNeed,
    Blockage,
    Consent,
    ConsentKind,
    Enquiry,
    JoinInvitation,
    Member,
    NetworkPage,
    Power,
)
from .phone import normalise_uk_phone
from .resources import MemberResource


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = Member
        fields = ["display_name", "email", "role"]


class LeadMemberAddForm(forms.ModelForm):
    """What a lead fills in to add a member: no password — the member signs in by an emailed code or sets their own."""

    class Meta:
        model = Member
        fields = ["display_name", "email", "role"]

    def save(self, commit=True):
        member = super().save(commit=False)
        member.set_unusable_password()
        if commit:
            member.save()
        return member


class MemberChangeForm(forms.ModelForm):
    access_needs = forms.MultipleChoiceField(
        label=_("access needs"), choices=AccessNeed.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Member
        fields = [
            "display_name", "email", "role", "pronouns", "preferred_contact", "phone", "postal_address",
            "access_needs", "access_needs_notes", "wants_meeting_reminders", "wants_meeting_digests",
            "wants_weekly_digest", "in_directory", "show_role_in_directory",
            "is_active", "is_staff", "is_superuser",
        ]

    def clean_phone(self):
        return normalise_uk_phone(self.cleaned_data.get("phone", ""))

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower() or None
        others = EmailAddress.objects.filter(email__iexact=email).exclude(user_id=self.instance.pk)
        if email and (others.exists() or Member.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists()):
            raise forms.ValidationError(services.AlreadyAMember.message)
        return email


class ConsentInline(admin.TabularInline):
    """Consent history: rows are added, never changed or deleted."""

    model = Consent
    fk_name = "member"
    extra = 0
    fields = ["kind", "given", "recorded_at", "recorded_by", "how"]
    readonly_fields = ["recorded_at", "recorded_by"]
    can_delete = False
    ordering = ["-recorded_at", "-pk"]


class LeadFilter(admin.SimpleListFilter):
    title = _("co-production lead")
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        return [("yes", _("Leads")), ("no", _("Not leads"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_lead=True)
        if self.value() == "no":
            return queryset.filter(is_lead=False)
        return queryset


def consent_filter(kind, label):
    class ConsentFilter(admin.SimpleListFilter):
        title = label
        parameter_name = f"consent_{kind}"

        def lookups(self, request, model_admin):
            return [("given", _("Given")), ("withdrawn", _("Withdrawn or refused")), ("never", _("Never asked"))]

        def queryset(self, request, queryset):
            field = f"consent_{kind}"
            return {
                "given": lambda: queryset.filter(**{field: True}),
                "withdrawn": lambda: queryset.filter(**{field: False}),
                "never": lambda: queryset.filter(**{f"{field}__isnull": True}),
            }.get(self.value(), lambda: queryset)()

    ConsentFilter.__name__ = f"Consent{kind.title().replace('_', '')}Filter"
    return ConsentFilter


# Filters other apps add to the members list (pledges adds "pledge"), shown after the consent filters.
MEMBER_LIST_FILTERS_FROM_APPS = []


def add_member_list_filter(list_filter):
    """An app above network adds a filter to the members list without network knowing it."""
    if list_filter not in MEMBER_LIST_FILTERS_FROM_APPS:
        MEMBER_LIST_FILTERS_FROM_APPS.append(list_filter)


class OfflineFilter(admin.SimpleListFilter):
    title = _("signs in")
    parameter_name = "signs_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Signs in by email")), ("no", _("Offline: kept in touch by phone or post"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email__isnull=False)
        if self.value() == "no":
            return queryset.filter(email__isnull=True)
        return queryset


# Powers are granted on members' pages and recorded; a group's permission rows grant nothing (network/auth.py).
admin.site.unregister(Group)


@admin.register(Member)
class MemberAdmin(AuditedExportMixin, UserAdmin):
    resource_classes = [MemberResource]  # CSV and Excel for leads; every export is audited
    form = MemberChangeForm
    add_form = MemberCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "role", "lead", "signs_in", "is_active"]
    list_filter = [
        "role",
        LeadFilter,
        consent_filter(ConsentKind.CONTACT, _("consent to contact")),
        consent_filter(ConsentKind.PHOTOGRAPHS, _("consent to photographs")),
        consent_filter(ConsentKind.DATA_PROCESSING, _("consent to data processing")),
        OfflineFilter,
        "in_directory",
        "is_active",
    ]
    search_fields = ["display_name", "email"]
    readonly_fields = ["last_login", "date_joined", "added_by", "look_after_link", "powers_held"]
    inlines = [ConsentInline]
    actions = ["make_leads", "stop_being_leads", "let_export_records", "stop_exporting_records", "let_handle_money",
               "stop_handling_money"]
    personal_fieldsets = [
        (None, {"fields": ["display_name", "email", "look_after_link"]}),
        (_("Role in the network"), {"fields": ["role", "pronouns", "added_by"]}),
        (_("Contact details (personal data)"), {"fields": ["preferred_contact", "phone", "postal_address"]}),
        (_("Access needs (personal data)"), {"fields": ["access_needs", "access_needs_notes"]}),
        (_("Emails they want"), {"fields": ["wants_meeting_reminders", "wants_meeting_digests", "wants_weekly_digest"]}),
        (_("Member directory"), {"fields": ["in_directory", "show_role_in_directory"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["display_name", "email", "role", "usable_password", "password1", "password2"]})]

    def get_list_filter(self, request):
        before_offline = self.list_filter.index(OfflineFilter)
        return [*self.list_filter[:before_offline], *MEMBER_LIST_FILTERS_FROM_APPS, *self.list_filter[before_offline:]]

    def get_search_fields(self, request):
        # Leads find a person by name or address; anyone else, should they ever search, by name only.
        return self.search_fields if member_labels.sees_contact_details(request.user) else ["display_name"]

    def get_queryset(self, request):
        leads = Member.groups.through.objects.filter(member_id=OuterRef("pk"), group__name=LEADS_GROUP_NAME)
        return super().get_queryset(request).with_consents().annotate(is_lead=Exists(leads))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.has_perm("network.manage_accounts"):
            kwargs["form"] = LeadMemberAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            if not request.user.has_perm("network.manage_accounts"):
                return [(None, {"fields": ["display_name", "email", "role"]})]
            return self.add_fieldsets
        # Powers are granted with the actions on the members list (or on the member's page), so each grant is
        # recorded with who and when; nobody ticks raw groups or permission rows.
        access = ["powers_held", "is_active"]
        if request.user.has_perm("network.manage_accounts"):
            access += ["is_staff", "is_superuser"]
        return [*self.personal_fieldsets, (_("Access"), {"fields": access}), (_("Dates"), {"fields": ["last_login", "date_joined"]})]

    def user_change_password(self, request, id, form_url=""):
        # Members set their own passwords (or sign in by emailed code); a lead setting one could sign in as them.
        if not request.user.has_perm("network.manage_accounts"):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if not change and not obj.email:
            # Someone who does not use email: the lead adding them becomes their contact, as on the site.
            services.create_offline_member(lead=request.user, member=obj, consents={})
            return None
        if not change or "email" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        # A changed address goes through the service: the old address is told, the new one confirmed first.
        new_email = obj.email
        obj.email = Member.objects.values_list("email", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        try:
            services.change_member_email(member=obj, new_email=new_email, changed_by=request.user, request=request)
        except services.AlreadyAMember as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None
        if new_email:
            self.message_user(request, _(
                "We have sent a link to the new address. They can sign in with it once they have used the link. "
                "We have also told the old address about the change."), messages.INFO)
        return None

    def save_formset(self, request, form, formset, change):
        if formset.model is not Consent:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # consent rows are only added: a new answer is recorded as the site records it
        recorded = []
        for consent in formset.new_objects:
            row = services.record_consent(
                member=form.instance, kind=consent.kind, given=consent.given, how=consent.how, recorded_by=request.user
            )
            if row is not None:  # the same answer as the last one adds nothing
                recorded.append(row)
        formset.new_objects = recorded
        return None

    @admin.display(boolean=True, description=_("lead"), ordering="is_lead")
    def lead(self, obj):
        return obj.is_lead

    @admin.display(boolean=True, description=_("signs in"))
    def signs_in(self, obj):
        return not obj.is_offline

    @admin.display(description=_("powers a lead has granted"))
    def powers_held(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        rows = []
        for _value, label, held, grant in selectors.powers_of(obj):
            if not held:
                continue
            if grant is None or not grant.granted:
                rows.append((label, _("no record of who granted it")))
            else:
                by = grant.changed_by.display_name if grant.changed_by else _("before grants were recorded")
                rows.append((label, _("granted by %(by)s on %(date)s")
                             % {"by": by, "date": date_format(timezone.localtime(grant.changed_at), "j F Y")}))
        if not rows:
            return _("None. Being a member, whatever their role, gives no power.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    @admin.display(description=_("on the site"))
    def look_after_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("network:manage_member", args=[obj.pk]), _("Change role, consents or make a lead")
        )

    @admin.action(description=_("Make the chosen members co-production leads"), permissions=["change"])
    def make_leads(self, request, queryset):
        made, refused = 0, 0
        for member in queryset:
            try:
                services.make_lead(member=member, made_by=request.user)
                made += 1
            except services.OfflineMemberCannotLead:
                refused += 1
        self.message_user(request, _("%(n)d member(s) are now leads.") % {"n": made}, messages.SUCCESS)
        if refused:
            self.message_user(
                request, _("%(n)d member(s) do not sign in, so they cannot be leads.") % {"n": refused}, messages.WARNING
            )

    @admin.action(description=_("Stop the chosen members being co-production leads"), permissions=["change"])
    def stop_being_leads(self, request, queryset):
        for member in queryset:
            services.stop_being_lead(member=member, changed_by=request.user)
        self.message_user(request, _("Done."), messages.SUCCESS)

    def _grant_to_chosen(self, request, queryset, power, done, refused):
        granted, not_granted = 0, 0
        for member in queryset:
            try:
                services.grant_power(member=member, power=power, granted_by=request.user)
                granted += 1
            except services.NetworkError:
                not_granted += 1
        self.message_user(request, done % {"n": granted}, messages.SUCCESS)
        if not_granted:
            self.message_user(request, refused % {"n": not_granted}, messages.WARNING)

    def _withdraw_from_chosen(self, request, queryset, power):
        for member in queryset:
            services.withdraw_power(member=member, power=power, withdrawn_by=request.user)
        self.message_user(request, _("Done."), messages.SUCCESS)

    @admin.action(description=_("Let the chosen members download the records of projects they are in"),
                  permissions=["change"])
    def let_export_records(self, request, queryset):
        self._grant_to_chosen(request, queryset, Power.EXPORT_PROJECT_RECORDS,
                              _("%(n)d member(s) may now download their projects' records."),
                              _("%(n)d member(s) do not sign in, so they cannot download records."))

    @admin.action(description=_("Stop the chosen members downloading project records"), permissions=["change"])
    def stop_exporting_records(self, request, queryset):
        self._withdraw_from_chosen(request, queryset, Power.EXPORT_PROJECT_RECORDS)

    @admin.action(description=_("Let the chosen members approve and pay involvement payments and expenses"),
                  permissions=["change"])
    def let_handle_money(self, request, queryset):
        self._grant_to_chosen(request, queryset, Power.FINANCE,
                              _("%(n)d member(s) may now approve and pay claims."),
                              _("%(n)d member(s) do not sign in, so they cannot approve or pay claims."))

    @admin.action(description=_("Stop the chosen members approving and paying claims"), permissions=["change"])
    def stop_handling_money(self, request, queryset):
        self._withdraw_from_chosen(request, queryset, Power.FINANCE)


@admin.register(Consent)
class ConsentAdmin(ChosenMemberLabelled, admin.ModelAdmin):
    list_display = ["member", "kind", "given", "recorded_at", "recorded_by"]
    list_filter = ["kind", "given"]
    search_fields = ["member__display_name", "member__email"]
    list_select_related = ["member", "recorded_by"]
    autocomplete_fields = ["member"]
    fields = ["member", "kind", "given", "how"]

    def save_model(self, request, obj, form, change):
        row = services.record_consent(
            member=obj.member, kind=obj.kind, given=obj.given, how=obj.how, recorded_by=request.user
        )
        obj.unchanged = row is None
        if obj.unchanged:  # that was already their answer: nothing is added, the page shows the answer on record
            row = obj.member.consents.filter(kind=obj.kind).order_by("-recorded_at", "-pk").first()
        obj.pk, obj.recorded_at, obj.recorded_by = row.pk, row.recorded_at, row.recorded_by
        obj._state.adding = False

    def log_addition(self, request, obj, message):
        if getattr(obj, "unchanged", False):
            return None
        return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "unchanged", False):
            self.message_user(request, _("Nothing changed: that was already their answer."), messages.INFO)
            return HttpResponseRedirect(reverse("admin:network_consent_changelist"))
        return super().response_add(request, obj, post_url_continue)


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = JoinInvitation
        fields = ["email", "display_name", "message"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if Member.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(services.AlreadyAMember.message)
        return email


@admin.register(JoinInvitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationAdminForm
    list_display = ["__str__", "invited_by", "created_at", "sent_at", "accepted_at"]
    list_filter = ["accepted_at"]
    search_fields = ["display_name", "email"]
    list_select_related = ["invited_by"]
    fields = ["email", "display_name", "message", "invited_by", "created_at", "sent_at", "accepted_at", "accepted_by"]
    readonly_fields = ["invited_by", "created_at", "sent_at", "accepted_at", "accepted_by"]
    actions = ["send_again"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # The form has checked the address; the service saves it and sends the email after commit.
        invitation = services.invite_member(
            lead=request.user, email=obj.email, display_name=obj.display_name, message=obj.message
        )
        obj.pk, obj.invited_by, obj.created_at = invitation.pk, invitation.invited_by, invitation.created_at

    @admin.action(description=_("Send the invitation email again"), permissions=["add"])
    def send_again(self, request, queryset):
        for invitation in queryset.filter(accepted_at__isnull=True).exclude(email__in=self._member_emails()):
            services.invite_member(
                lead=request.user, email=invitation.email, display_name=invitation.display_name,
                message=invitation.message,
            )
        self.message_user(request, _("Sent again."), messages.SUCCESS)

    @staticmethod
    def _member_emails():
        return Member.objects.filter(email__isnull=False).values("email")


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "created_at", "answered_at", "answered_by"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["name", "email", "message"]
    list_select_related = ["answered_by"]
    fields = ["name", "email", "phone", "message", "sent_by", "created_at", "leads_notified_at", "answered", "notes", "answered_at", "answered_by"]
    readonly_fields = ["name", "email", "phone", "message", "sent_by", "created_at", "leads_notified_at", "answered_at", "answered_by"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = EnquiryAnswerForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        saved = services.answer_enquiry(
            enquiry=obj, answered=form.cleaned_data.get("answered", False), notes=obj.notes, answered_by=request.user
        )
        obj.answered_at, obj.answered_by = saved.answered_at, saved.answered_by


class EnquiryAnswerForm(forms.ModelForm):
    answered = forms.BooleanField(label=_("Someone has replied"), required=False)

    class Meta:
        model = Enquiry
        fields = ["notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["answered"].initial = self.instance.answered_at is not None


class BlockageAnswerForm(forms.ModelForm):
    class Meta:
        model = Blockage
        fields = ["we_did"]
        labels = {"we_did": _("What we did (the member sees this)")}

    def clean_we_did(self):
        we_did = self.cleaned_data.get("we_did", "").strip()
        if not we_did:
            raise forms.ValidationError(_("Please write what was done, in words the member will understand."))
        return we_did


@admin.register(Blockage)
class BlockageAdmin(admin.ModelAdmin):
    form = BlockageAnswerForm
    list_display = ["__str__", "created_at", "answered", "may_share"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter), "may_share"]
    search_fields = ["you_said", "we_did"]
    fields = ["you_said", "raised_by", "created_at", "may_share", "we_did", "answered_by", "answered_at"]
    readonly_fields = ["you_said", "raised_by", "created_at", "may_share", "answered_by", "answered_at"]

    @admin.display(boolean=True, description=_("answered"), ordering="answered_at")
    def answered(self, obj):
        return obj.is_answered

    def save_model(self, request, obj, form, change):
        services.answer_blockage(blockage=obj, we_did=form.cleaned_data["we_did"], answered_by=request.user)


@admin.register(NetworkPage)
class NetworkPageAdmin(admin.ModelAdmin):
    fields = ["about", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        services.update_network_page(page=obj, about=obj.about, updated_by=request.user)


from . import admin_accessibility  # noqa: E402, F401  (the accessibility statement's page)
