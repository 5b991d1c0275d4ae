"""A stranger cannot tell from the sign-up page whether an address is registered: the answer, the email sent and
the time taken are the same (with the real password hasher, as in production; the tests otherwise use a fast one)."""

import statistics
import time

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from network.models import Member
from tests import factories

TRIES = 20
PRODUCTION_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def _sign_up(client, address, attempt):
    data = {"email": address, "password1": "a long pass phrase 2026", "password2": "a long pass phrase 2026",
            "display_name": "Sam", "role": "carer"}
    client.cookies.clear()
    # Each try from an address of its own, as a stranger trying many would: the per-address sign-up limit is not
    # what this test is about.
    started = time.perf_counter()
    response = client.post(reverse("account_signup"), data, REMOTE_ADDR=f"192.0.2.{attempt}")
    return time.perf_counter() - started, response


def test_signing_up_with_a_registered_address_looks_the_same_as_with_a_new_one(client, db):
    factories.MemberFactory(email="registered@example.org")
    _, known = _sign_up(client, "registered@example.org", 1)
    _, new = _sign_up(client, "newcomer@example.org", 2)
    assert (known.status_code, known["Location"]) == (302, "/accounts/confirm-email/")
    assert (new.status_code, new["Location"]) == (302, "/accounts/confirm-email/")
    assert [message.to for message in mail.outbox] == [["registered@example.org"], ["newcomer@example.org"]]
    assert Member.objects.filter(email="registered@example.org").count() == 1


def test_signing_up_takes_as_long_for_a_registered_address_as_for_a_new_one(client, db):
    registered = [factories.MemberFactory(email=f"registered{n}@example.org").email for n in range(TRIES + 1)]
    known, new = [], []
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        _sign_up(client, registered.pop(), 200)  # the first request of each kind loads templates: not counted
        _sign_up(client, "warm-up@example.org", 201)
        # Taken in turns, so a busy moment on the machine slows both kinds alike.
        for n, address in enumerate(registered):
            known.append(_sign_up(client, address, 2 * n)[0])
            new.append(_sign_up(client, f"newcomer{n}@example.org", 2 * n + 1)[0])
    assert Member.objects.filter(email__startswith="newcomer").count() == TRIES  # the new ones really were new
    # The middle times differ by less than a fifth: before, a registered address answered in a fifteenth of the time
    # (no password to hash). Medians, not extremes, so one slow moment on a shared machine cannot fail the test.
    faster, slower = sorted([statistics.median(known), statistics.median(new)])
    assert faster > 0.8 * slower, f"registered: {statistics.median(known):.3f}s, new: {statistics.median(new):.3f}s"
