"""One admin mixin for every app whose admin asks the django-rules predicates instead of permission rows."""


class LeadsOnly:
    """Ask the rules (co-production leads) rather than Django's per-model permission rows."""

    def _may(self, request, verb, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.{verb}_{self.opts.model_name}", obj)

    def has_module_permission(self, request):
        return request.user.has_module_perms(self.opts.app_label)

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj)

    def has_add_permission(self, request, *args):
        return self._may(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)
