"""Gunicorn's access log without personal data.

A query string can hold a name (a search, a filter) and some paths hold a secret (a calendar feed's address,
an invitation or unsubscribe link). Each access log line says when, which page, the answer and how long it took;
the query string, the visitor's address, the referring page, the browser and every header are left out, whatever
access_log_format asks for.
"""

import re

from gunicorn.glogging import Logger

# Paths with a secret token in them: the token is replaced by "…" (tests/test_security_logs.py checks each one).
SECRET_PATHS = [
    re.compile(r"^(/meetings/calendar/)[^/]+(\.ics)$"),
    re.compile(r"^(/notifications/unsubscribe/)[^/]+(/)$"),
    re.compile(r"^(/invitations/)[^/]+(/)$"),
]

HIDDEN = "-"


def private_path(path):
    path = path or ""
    for pattern in SECRET_PATHS:
        path = pattern.sub(r"\1…\2", path)
    return path


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        full = super().atoms(resp, req, environ, request_time)
        path = private_path(environ.get("PATH_INFO"))
        return {
            "t": full["t"],
            "m": full["m"],
            "U": path,
            "r": f"{full['m']} {path} {full['H']}",
            "H": full["H"],
            "s": full["s"],
            "b": full["b"],
            "B": full["B"],
            "T": full["T"],
            "D": full["D"],
            "M": full["M"],
            "L": full["L"],
            "p": full["p"],
            **{name: HIDDEN for name in ("h", "l", "u", "q", "f", "a")},
        }
