"""Gunicorn's access log without personal data.

A query string can hold a name (a search, a filter) and some paths hold a secret (a calendar feed's address,
an invitation or unsubscribe link, a password-reset or email-confirmation link). Each access log line says when,
which page, the answer and how long it took; the query string, the visitor's address, the referring page, the
browser and every header are left out, whatever access_log_format asks for, and secrets in the path become "…"
(the rule is in coproduction/private_paths.py).
"""

from gunicorn.glogging import Logger

from coproduction.private_paths import private_path

__all__ = ["PrivateAccessLogger", "private_path"]

HIDDEN = "-"


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
