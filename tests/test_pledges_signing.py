"""Taking the pledge: one signature per member per version, an optional commitment, the wall choice, a thank-you."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledges import services
from pledges.models import PledgeSignature
from tests import factories

SIGN_URL = reverse("pledges:sign")


@pytest.fixture
def version(db):
    return factories.PledgeVersionFactory(title="Our pledge", text="We will work as equals.")


def _sign(client, version, **data):
    return client.post(SIGN_URL, {"version": version.pk, **data})


def test_a_member_takes_the_pledge_with_their_own_commitment_and_sees_a_thank_you(
    client, member, version, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign(client, version, commitment="  I will   listen first.  ", show_on_wall="on")
    assert response.status_code == 302 and response["Location"] == reverse("pledges:signed")
    signature = PledgeSignature.objects.get(member=member)
    assert signature.version == version and signature.show_on_wall
    assert signature.commitment == "I will listen first."
    thanks = client.get(reverse("pledges:signed")).content.decode()
    assert "Thank you for taking the pledge" in thanks and "I will listen first." in thanks


def test_the_confirmation_email_has_a_text_and_an_html_part(client, member, version, django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(client, version, commitment="I will say when I do not understand.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Thank you for taking our pledge" in message.subject
    assert "I will say when I do not understand." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "I will say when I do not understand." in html
    assert reverse("pledges:withdraw") in message.body


def test_no_email_is_sent_if_the_signing_is_rolled_back(member, version, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.sign_pledge(member=member, version=version)
            raise RuntimeError("something later failed")
    assert callbacks == [] and mail.outbox == []
    assert not PledgeSignature.objects.exists()


def test_choosing_not_to_appear_on_the_wall_is_the_default(client, member, version):
    client.force_login(member)
    _sign(client, version)
    assert PledgeSignature.objects.get(member=member).show_on_wall is False


def test_a_commitment_that_is_too_long_is_refused_with_a_message_and_nothing_is_signed(client, member, version):
    client.force_login(member)
    response = _sign(client, version, commitment="I will " + "x" * 600)
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    assert not PledgeSignature.objects.exists()


def test_signing_a_version_that_was_replaced_while_reading_asks_to_read_the_new_one(client, member, version):
    client.force_login(member)
    newer = factories.PledgeVersionFactory(text="Newer words.", published_at=timezone.now() - dt.timedelta(minutes=1))
    response = _sign(client, version)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The pledge changed while you were reading it" in page and "Newer words." in page
    assert not PledgeSignature.objects.exists()
    assert newer.signatures.count() == 0


def test_signing_twice_makes_one_signature_and_says_so_kindly(client, member, version):
    client.force_login(member)
    _sign(client, version)
    response = _sign(client, version)
    assert response.status_code == 302 and response["Location"] == reverse("pledges:pledge")
    assert PledgeSignature.objects.filter(member=member).count() == 1
    assert "already taken this pledge" in client.get(reverse("pledges:pledge")).content.decode()


def test_the_database_refuses_a_second_signature_for_the_same_version(member, version):
    PledgeSignature.objects.create(member=member, version=version)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeSignature.objects.create(member=member, version=version)


def test_when_no_version_is_published_there_is_nothing_to_sign(client, member, db):
    client.force_login(member)
    response = client.get(SIGN_URL)
    assert response.status_code == 302 and response["Location"] == reverse("pledges:pledge")


def test_a_signed_in_member_sees_the_words_they_are_signing(client, member, version):
    client.force_login(member)
    page = client.get(SIGN_URL).content.decode()
    assert "We will work as equals." in page
    assert 'for="id_commitment"' in page and 'for="id_show_on_wall"' in page
    assert "I take the pledge" in page


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_signing_requests_make_one_signature(postgres, monkeypatch):
    version = factories.PledgeVersionFactory()
    member = factories.MemberFactory()
    # Both requests look for an existing signature before either inserts: the constraint has to settle it.
    both_looked = threading.Barrier(2, timeout=10)
    original = services._existing_signature

    def look_then_wait(**kwargs):
        found = original(**kwargs)
        both_looked.wait()
        return found

    monkeypatch.setattr(services, "_existing_signature", look_then_wait)
    responses, errors = [], []

    def post():
        try:
            client = Client()
            client.force_login(member)
            responses.append(client.post(SIGN_URL, {"version": version.pk, "commitment": "I will turn up."}))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(r.status_code for r in responses) == [302, 302]
    assert sorted(r["Location"] for r in responses) == sorted([reverse("pledges:signed"), reverse("pledges:pledge")])
    assert PledgeSignature.objects.filter(member=member, version=version).count() == 1
    assert len(mail.outbox) == 1
