"""Every admin page asks the rules, and only the rules (see network/permissions.py for the table).

The network's admin site mixes `RulesAdmin` into every model admin it registers, ours and the libraries', and
into each of their inlines, so no admin page can fall back on Django's permission rows or a superuser shortcut.
Admin classes do not override the has_*_permission methods: a narrower rule goes in the app's rules.py.
"""

import rules
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.utils.translation import gettext_lazy as _

from network.permissions import WHY_NOT_DELETED


def _perm(opts, verb):
    return f"{opts.app_label}.{verb}_{opts.model_name}"


class RulesAdmin:
    """For a model admin: may this person view, add, change or delete (this row)?"""

    def has_module_permission(self, request):
        return rules.has_perm(self.opts.app_label, request.user)

    def has_view_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "view"), request.user, obj)

    def has_add_permission(self, request, *args):
        return rules.has_perm(_perm(self.opts, "add"), request.user)

    def has_change_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "change"), request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "delete"), request.user, obj)

    def get_inlines(self, request, obj):
        return [with_rules(inline) for inline in super().get_inlines(request, obj)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and not self.has_delete_permission(request, obj):
            context["why_no_delete"] = why_no_delete(self.opts)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class RulesInline:
    """For an inline: the rules of the inline's own model, asked about the model (the object is the parent row)."""

    def has_view_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "view"), request.user)

    def has_add_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "add"), request.user)

    def has_change_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "change"), request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.has_perm(_perm(self.opts, "delete"), request.user)


def why_no_delete(opts):
    """Plain words for a lead who cannot delete this row (and what to do instead), or ""."""
    return WHY_NOT_DELETED.get(f"{opts.app_label}.{opts.model_name}", "")


_wrapped = {}


def with_rules(admin_class):
    """The admin class with the rules' permission methods in front of its own."""
    mixin = RulesInline if issubclass(admin_class, InlineModelAdmin) else RulesAdmin
    if issubclass(admin_class, mixin):
        return admin_class
    if admin_class not in _wrapped:
        _wrapped[admin_class] = type(admin_class.__name__, (mixin, admin_class), {"__module__": admin_class.__module__})
    return _wrapped[admin_class]


class NetworkAdminSite(admin.AdminSite):
    site_header = _("Co-production network administration")
    site_title = _("Network admin")
    index_title = _("Run the network")

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, with_rules(admin_class or admin.ModelAdmin), **options)

    def autocomplete_view(self, request):
        # Each member found says enough to tell two people of the same name apart (network.member_labels).
        from network.admin_autocomplete import LabelledAutocompleteJsonView

        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        """The leads' home: what needs doing first, then the usual sections."""
        from front.selectors import leads_home

        context = {"to_do": leads_home()} if rules.has_perm("network.manage_members", request.user) else {}
        return super().index(request, {**context, **(extra_context or {})})
