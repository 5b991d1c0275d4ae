"""Welsh as a second language: a switch on every page, the page's language follows it, a member's emails come in
the language they chose, and what leads write shows in Welsh where they wrote it (English, with a note, if not)."""

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications import services as notifications
from pledges import services as pledges
from projects.models import Principle
from tests import factories

LOCALE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES"


def _switch(client, language, next_url="/"):
    return client.post(reverse("network:choose_language"), {"language": language, "next": next_url}, follow=True)


def test_a_visitor_who_switches_to_welsh_gets_the_page_in_welsh_with_its_language_said(client, db):
    page = _switch(client, "cy").content.decode()
    assert '<html lang="cy">' in page
    assert ">Prosiectau<" in page and ">Projects<" not in page  # the main menu


def test_switching_back_to_english_gives_english_again(client, db):
    _switch(client, "cy")
    page = _switch(client, "en-gb").content.decode()
    assert '<html lang="en-gb">' in page and ">Projects<" in page


def test_every_page_has_the_switch_with_the_current_language_marked_and_no_script_needed(client, db):
    page = client.get(reverse("network:about")).content.decode()
    form = re.search(r'<form method="post" action="/language/".*?</form>', page, re.S).group(0)
    assert '<strong class="language-current" lang="en-gb" aria-current="true">English</strong>' in form
    assert '<button type="submit" name="language" value="cy" lang="cy"' in form
    assert 'name="next" value="/about/"' in form


def test_the_switch_takes_the_visitor_back_to_the_page_they_were_on(client, db):
    response = client.post(reverse("network:choose_language"), {"language": "cy", "next": "/about/"})
    assert response.status_code == 302 and response.url == "/about/"


def test_a_switch_to_a_language_we_do_not_have_changes_nothing(client, member):
    client.force_login(member)
    page = _switch(client, "fr").content.decode()
    member.refresh_from_db()
    assert '<html lang="en-gb">' in page and member.language == ""


def test_a_member_who_switches_while_signed_in_has_their_choice_kept(client, member):
    client.force_login(member)
    _switch(client, "cy")
    member.refresh_from_db()
    assert member.language == "cy"


def test_the_sign_in_page_is_in_welsh(client, db):
    _switch(client, "cy")
    page = client.get(reverse("account_login")).content.decode()
    assert "Mewngofnodi" in page


def _thank_you_to(member):
    version = factories.PledgeVersionFactory(title="Our pledge", text="We will work as equals.")
    signature = pledges.sign_pledge(member=member, version=version)
    pledges.send_signature_confirmation(signature_id=signature.pk)
    notifications.send_pending()
    (message,) = mail.outbox
    return message


def test_an_email_to_a_member_who_chose_welsh_is_in_welsh_and_says_so(member):
    member.language = "cy"
    member.save(update_fields=["language"])
    message = _thank_you_to(member)
    html = message.alternatives[0][0]
    assert '<html lang="cy">' in html and 'lang="cy"' in html.split("<body>")[1]
    assert "Diolch" in message.subject


def test_an_email_to_a_member_who_chose_nothing_is_in_english_even_if_the_sender_reads_welsh(member):
    with translation.override("cy"):  # a lead reading the site in Welsh, whose step sends the email
        message = _thank_you_to(member)
    assert '<html lang="en-gb">' in message.alternatives[0][0] and "Thank you" in message.subject


def test_in_one_batch_each_member_gets_the_language_they_chose(member, other_member):
    other_member.language = "cy"
    other_member.save(update_fields=["language"])
    version = factories.PledgeVersionFactory()
    for person in (member, other_member):
        signature = pledges.sign_pledge(member=person, version=version)
        notifications.queue_for_recipients(kind="pledge_signed", object_id=signature.pk, occasion="signed")
    notifications.send_pending()
    languages = {m.to[0]: re.search(r'<html lang="([^"]+)">', m.alternatives[0][0]).group(1) for m in mail.outbox}
    assert languages == {member.email: "en-gb", other_member.email: "cy"}


def test_the_switch_does_not_carry_what_was_searched_for(client, member):
    client.force_login(member)
    page = client.get(reverse("network:directory"), {"q": "Nia"}).content.decode()
    assert 'name="next" value="/members/"' in page


def test_a_principle_shows_its_welsh_name_when_the_page_is_in_welsh(client, db):
    Principle.objects.create(name="Equal give and take", name_cy="Rhoi a derbyn yn gyfartal")
    _switch(client, "cy")
    page = client.get(reverse("network:about")).content.decode()
    assert "Rhoi a derbyn yn gyfartal" in page and "Equal give and take" not in page


def test_a_project_summary_without_welsh_shows_in_english_marked_as_english_with_a_note_in_welsh(client, member):
    project = factories.ProjectFactory(summary="Making the waiting room calmer.")
    client.force_login(member)
    _switch(client, "cy")
    page = client.get(reverse("projects:detail", args=[project.slug])).content.decode()
    assert '<p lang="en-gb">Making the waiting room calmer.</p>' in page
    assert "Nid yw hwn wedi cael ei gyfieithu i'r Gymraeg eto." in page


def test_the_pledge_shows_in_welsh_where_a_lead_wrote_it(client, db):
    factories.PledgeVersionFactory(text="We work as equals.", text_cy="Rydyn ni'n gweithio fel pobl gyfartal.")
    _switch(client, "cy")
    page = client.get(reverse("pledges:pledge")).content.decode()
    assert "<p>Rydyn ni'n gweithio fel pobl gyfartal.</p>" in page and "We work as equals." not in page
    assert "Nid yw hwn wedi cael ei gyfieithu" not in page


def test_the_committed_welsh_catalogue_is_compiled_from_the_po_file_as_it_is_now():
    """The .mo is committed so the site speaks Welsh without gettext installed; it must match the .po."""
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    written = _translated_entries(LOCALE / "django.po")
    compiled[""], written[""] = _header(compiled[""]), _header(written[""])  # msgfmt leaves out when it was made
    assert compiled == written and len(written) > 200


def _header(text):
    return [line for line in text.splitlines() if not line.startswith("POT-Creation-Date:")]


def _translated_entries(po_path):
    """What msgfmt puts in the .mo: the header and every entry translated and not marked fuzzy."""
    entries, entry, field = {}, None, None

    def finish():
        if entry and not entry.get("fuzzy") and any(entry["msgstr"].values()):
            key = entry["msgid"] if entry.get("msgctxt") is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
            if entry.get("msgid_plural") is None:
                entries[key] = entry["msgstr"][0]
            else:
                for n, text in entry["msgstr"].items():
                    entries[(key, n)] = text

    for line in po_path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            finish()
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"msgstr": {}}
        if line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = _unquote(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += text
            else:
                entry[field] += text
        else:
            keyword, _, rest = line.partition(" ")
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(keyword[7:-1]) if "[" in keyword else 0)
                entry["msgstr"][field[1]] = _unquote(rest)
            else:
                field = keyword
                entry[field] = _unquote(rest)
    return entries


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text.strip()[1:-1])


def test_a_member_who_chose_welsh_gets_welsh_as_soon_as_they_sign_in_on_another_device(client, db):
    from allauth.account.models import EmailAddress

    member = factories.MemberFactory(email="eleri@example.org", language="cy")
    member.set_password("a long pass phrase 42")
    member.save()
    EmailAddress.objects.get_or_create(user=member, email=member.email, defaults={"verified": True, "primary": True})
    page = client.post(
        reverse("account_login"), {"login": "eleri@example.org", "password": "a long pass phrase 42"}, follow=True
    ).content.decode()
    assert '<html lang="cy">' in page and ">Prosiectau<" in page


def test_a_member_who_never_chose_keeps_the_language_they_were_reading(client, member):
    from allauth.account.models import EmailAddress

    member.set_password("a long pass phrase 42")
    member.save()
    EmailAddress.objects.get_or_create(user=member, email=member.email, defaults={"verified": True, "primary": True})
    _switch(client, "cy")
    page = client.post(
        reverse("account_login"), {"login": member.email, "password": "a long pass phrase 42"}, follow=True
    ).content.decode()
    assert '<html lang="cy">' in page
