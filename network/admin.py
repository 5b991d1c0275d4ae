from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import Member


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = Member
        fields = ["display_name", "email", "role"]


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = Member
        fields = "__all__"


@admin.register(Member)
class MemberAdmin(UserAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    ordering = ["display_name"]
    list_display = ["display_name", "email", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "groups"]
    search_fields = ["display_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["display_name", "email", "password"]}),
        (_("Role in the network"), {"fields": ["role"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["display_name", "email", "role", "usable_password", "password1", "password2"]})]
    filter_horizontal = ["groups"]
