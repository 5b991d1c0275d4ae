"""Form widgets that stay quick when a list is long."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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
