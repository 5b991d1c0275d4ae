"""Paths as they may be written to a log: every secret in them replaced by "…".

One rule for every log (gunicorn's access log, Django's "Not Found: /…" warnings):
- whatever a URL pattern captures under a secret name (SECRET_ARGUMENTS: a calendar feed's, invitation's or
  unsubscribe link's token, a password-reset or email-confirmation key, the account id in a reset link);
- any other path segment that looks like a random string: longer than 20 characters, mostly made of runs that mix
  letters and digits (or upper and lower case), and not repetitive. Slugs are words joined by hyphens, so
  "calmer-waiting-rooms-in-the-outpatients" is kept; a token pasted into a mistyped address is not.
"""

import logging
import math
import re
from collections import Counter

HIDDEN = "…"

# URL arguments that carry a secret; tests/test_security_logs.py checks every argument name in the URLconf is
# either here or known to be harmless, so a new token route cannot be forgotten.
SECRET_ARGUMENTS = frozenset({"token", "key", "uidb36"})

LONG_SEGMENT = 20
MIN_BITS_PER_CHARACTER = 2.5
_RUN = re.compile(r"[A-Za-z0-9]+")
_KINDS = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"))
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")


def private_path(path):
    path = path or ""
    for value in sorted(_secret_arguments(path), key=len, reverse=True):
        # Secret arguments come last in every pattern, so the last occurrence is the argument itself.
        before, found, after = path.rpartition(value)
        if found:
            path = before + HIDDEN + after
    return "/".join(HIDDEN if looks_random(segment) else segment for segment in path.split("/"))


def looks_random(segment):
    if len(segment) <= LONG_SEGMENT:
        return False
    mixed = sum(len(run) for run in _RUN.findall(segment) if _mixes_kinds(run))
    return mixed * 2 >= len(segment) and _bits_per_character(segment) >= MIN_BITS_PER_CHARACTER


def _mixes_kinds(run):
    return sum(1 for kind in _KINDS if kind.search(run)) >= 2 and not _CAPITALISED_WORD.fullmatch(run)


def _bits_per_character(text):
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _secret_arguments(path):
    from django.urls import Resolver404, resolve

    # A path without its final slash is redirected to the one with it: its secret is hidden all the same.
    for candidate in (path, path + "/") if not path.endswith("/") else (path,):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        except Exception:  # noqa: BLE001 - a log line must never fail; the second rule still applies
            return []
        return [str(value) for name, value in match.kwargs.items() if name in SECRET_ARGUMENTS and value]
    return []


class PrivatePathFilter(logging.Filter):
    """Hides secrets in any path a log record carries (Django logs "Not Found: <path>" for a 404)."""

    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(
                private_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg for arg in record.args
            )
        return True
