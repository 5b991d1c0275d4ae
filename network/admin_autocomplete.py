"""The admin's type-to-choose lists. Where a lead chooses a member (an owner, a presenter, who is invited, whose
membership), each result tells people of the same name apart, as the site's lists do (network.member_labels)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView

from . import member_labels
from .models import Member
from .widgets import MemberChoiceField


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.labels = {}
        if self.model_admin.model is Member:
            # One page of results, read once, labelled together: the same queries for 2 results as for 20.
            context["object_list"] = list(context["object_list"])
            self.labels = member_labels.labels_for(context["object_list"], viewer=self.request.user)
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if obj.pk in self.labels:
            result["text"] = self.labels[obj.pk]
        return result


class ChosenMemberLabelled:
    """For an admin page of one row: the member already chosen reads as the list's results do (one query more).
    Not for inlines, where it would be one query more for every row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is Member and db_field.name in self.get_autocomplete_fields(request):
            kwargs.update(form_class=MemberChoiceField, viewer=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
