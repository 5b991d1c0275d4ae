"""The quick <select> writes the same markup as Django's own, only faster."""

from django import forms
from django.test.html import parse_html

from network.models import Member
from network.widgets import QuickSelect
from tests import factories


class _Form(forms.Form):
    slow = forms.ModelChoiceField(queryset=Member.objects.order_by("pk"), required=False, empty_label="Nobody yet")
    quick = forms.ModelChoiceField(
        queryset=Member.objects.order_by("pk"), required=False, empty_label="Nobody yet", widget=QuickSelect
    )
    plain = forms.ChoiceField(choices=[("a", "Tea & <cake>"), ("b", "Coffee")], widget=QuickSelect)
    grouped = forms.ChoiceField(choices=[("Hot", [("a", "Tea")]), ("Cold", [("b", "Juice")])], widget=QuickSelect)


def _same(form, quick, slow_widget):
    field = form[quick]
    slow = slow_widget.render(field.html_name, field.value(), {"id": field.auto_id, "class": "form-select"})
    fast = field.as_widget(attrs={"class": "form-select"})
    assert parse_html(fast) == parse_html(slow)
    return fast


def test_the_quick_select_renders_what_djangos_select_renders(db):
    people = [factories.MemberFactory(display_name=name) for name in ("Ann <b>", "Bo & Co", "Cy")]
    for data in (None, {"quick": str(people[1].pk), "slow": str(people[1].pk), "plain": "a", "grouped": "b"}):
        form = _Form(data)
        slow = form.fields["slow"].widget
        fast = _same(form, "quick", slow)
        assert "Ann &lt;b&gt;" in fast and "Bo &amp; Co" in fast
        plain = form.fields["plain"]
        _same(form, "plain", forms.Select(choices=plain.choices))
        grouped = form.fields["grouped"]
        assert "<optgroup" in _same(form, "grouped", forms.Select(choices=grouped.choices))
    assert f'value="{people[1].pk}" selected' in _Form({"quick": str(people[1].pk)})["quick"].as_widget()
