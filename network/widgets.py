"""Form widgets that stay quick when a list is long."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import member_labels


class QuickSelect(forms.Select):
    """A plain <select> written out directly instead of through one template per option, so a list of every
    member of a large project (thousands of names) renders in milliseconds. Same markup as forms.Select for
    flat choices; grouped choices fall back to Django's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                "" if option_value is None else str(option_value),
                mark_safe(" selected") if str("" if option_value is None else option_value) in chosen else "",
                label,
            )
            for option_value, label in choices
        ]
        # Every piece above was escaped by format_html; joining them keeps it safe.
        return mark_safe(format_html("<select{}>", flatatt(final_attrs)) + "".join(options) + "</select>")  # noqa: S308


class _LabelledMembers(forms.models.ModelChoiceIterator):
    """The members to choose from as (id, label), read as plain values in one query (a large project has thousands,
    too many to make a member object each) and labelled together with one more."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        members = [member_labels.Listed(**row) for row in self.queryset.values(*member_labels.FIELDS)]
        labels = member_labels.labels_for(members, viewer=self.field.viewer, among=self.queryset.values("pk"))
        for member in members:
            yield (member.pk, labels[member.pk])


class MemberChoiceField(forms.ModelChoiceField):
    """Choosing a person: each option tells people of the same name apart (see network.member_labels), showing
    the viewer only what they may see. Give it the person choosing as `viewer`."""

    widget = QuickSelect
    iterator = _LabelledMembers

    def __init__(self, queryset, *, viewer, **kwargs):
        self.viewer = viewer
        self.labels = {}
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        if obj.pk not in self.labels:  # a new dict: copies of the field in other forms share the old one
            self.labels = {**self.labels, **member_labels.labels_for([obj], viewer=self.viewer)}
        return self.labels[obj.pk]
