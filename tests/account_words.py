"""The words allauth ships with, which our account pages and emails must never show, and the check for them.

Shared by tests/test_account_words.py (every page and email) and the browser journey."""

import re

from django.conf import settings

STOCK_PHRASES = [
    "Remember Me",
    "Request Code",
    "Enter Sign-In Code",
    "The code expires shortly",
    "Reset My Password",
    "Please contact us if you have any trouble",
    "has given your email address to register an account on",
    "if you did not initiate this action",
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Forgot Password",
    "E-mail",
    "Confirm E-mail Address",
    "Email Addresses",
    "Change Password",
    "Set Password",
    "Password Reset",
    "Account Inactive",
    "Make Primary",
    "Re-send Verification",
    "Bad Token",
    "Current Password",
    "New Password",
    "Password (again)",
    "You cannot",
    "You must type the same password",
    "Too many failed login attempts",
    "Be patient",
    "Thank you for using",
    "You're receiving this",
    "You are receiving this",
    "Successfully signed in",
    "Hello from example",
    "127.0.0.1",
    "example.com",
]

# Words that may be capitalised in a heading: the network's name and the names of things.
PROPER_NOUNS = {"I", "Easy", "Read", "NHS"} | set(settings.NETWORK_NAME.split())

HEADING = re.compile(r"<(h[12])\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def stock_phrases_in(text):
    return [phrase for phrase in STOCK_PHRASES if phrase in text]


def title_case_headings_in(html, names=()):
    """Headings with two or more capitalised words after the first; `names` (people's names on the page) may be."""
    allowed = PROPER_NOUNS | {word for name in names for word in name.split()}
    found = []
    for _level, inner in HEADING.findall(html):
        text = " ".join(TAG.sub(" ", inner).split())
        words = re.findall(r"[A-Za-z][\w'’-]*", text)
        capitalised = [word for word in words[1:] if word[0].isupper() and word not in allowed]
        if len(capitalised) >= 2:
            found.append(text)
    return found


def problems_in(html, names=()):
    """Stock phrases and Title Case headings in a page or an email; an empty list when the words are ours.
    `names`: people's names the page shows in a heading ("Hello, Ada Newcomer"), which are capitalised."""
    return [f"stock phrase {phrase!r}" for phrase in stock_phrases_in(html)] + [
        f"Title Case heading {heading!r}" for heading in title_case_headings_in(html, names)
    ]
