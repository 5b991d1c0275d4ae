"""The locustfile the benchmark's load section runs (front/bench/load.py starts it; never imported by Django).

It reads the plan load.py wrote (BENCH_LOAD_PLAN: page addresses, one signed-in member per simulated person) and
writes what the RSVP posts did (BENCH_LOAD_REPLIES), so load.py can check the database kept every reply.

Two kinds of person, chosen on the command line: PagesUser goes round the main pages and replies to a meeting
with a capacity; LayoutUser only asks for the empty layout page (the yardstick).
"""

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, constant, events, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115 - read once at start
PEOPLE = itertools.cycle(PLAN["people"])  # one member each, in turn: every simulated person is someone else
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPLIES = {}  # member id -> {"posts": answered POSTs, "last": the last reply the server took}


def _cookie(person):
    return f"{PLAN['session_cookie']}={person['session']}; {PLAN['csrf_cookie']}={person['csrf']}"


# BENCH_LOAD_PAUSE "1,3": each person reads a page for 1 to 3 s before the next click; unset, they ask again at once.
_PAUSE = [float(n) for n in os.environ["BENCH_LOAD_PAUSE"].split(",")] if os.environ.get("BENCH_LOAD_PAUSE") else None


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = between(*_PAUSE) if _PAUSE else constant(0)

    def on_start(self):
        self.person = next(PEOPLE)
        # Cookies are sent by hand: production marks them Secure, and this is plain http on loopback.
        self.headers = {"Cookie": _cookie(self.person)}

    def get(self, name):
        with self.client.get(PLAN["pages"][name], name=name, headers=self.headers, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response


class PagesUser(SignedIn):
    def on_start(self):
        super().on_start()
        self.token = None
        # The busy moment the section measures: an invitation went to everyone, and each person replies first,
        # then goes round the pages (a short run still checks replies under concurrency, whatever the dice say).
        self.rsvp()
        if _PAUSE:
            self.wait()  # a person reads what the reply brought before the next click, as after every page

    @task(3)
    def home(self):
        self.get("Home")

    @task(2)
    def projects_list(self):
        self.get("Projects list")

    @task(2)
    def project_page(self):
        self.get("Project page")

    @task(2)
    def meetings_list(self):
        self.get("Meetings list")

    @task(2)
    def meeting_page(self):
        self.get("Meeting page")

    @task(2)
    def my_actions(self):
        self.get("My actions")

    @task(1)
    def rsvp(self):
        if not os.environ.get("BENCH_LOAD_REPLIES"):
            return  # the warm-up: pages only, so every reply made is one that is counted
        if self.token is None:  # the token comes from the meeting's own reply form, as in a browser
            page = self.get("RSVP meeting page")
            found = TOKEN.search(page.text or "")
            if not found:
                return
            self.token = found.group(1)
            if _PAUSE:
                self.wait()  # a person reads the meeting's page before they reply
        answer = random.choice(["attending", "attending", "apologies", "maybe"])
        with self.client.post(
            PLAN["pages"]["RSVP"], name="RSVP (POST)", data={"csrfmiddlewaretoken": self.token, "response": answer},
            headers={**self.headers, "Referer": PLAN["host"] + PLAN["pages"]["RSVP meeting page"]},
            allow_redirects=False, catch_response=True,
        ) as response:
            # The reply view answers with a redirect to the meeting, whatever happened; a refusal is a message.
            if response.status_code != 302 or not (response.headers.get("Location") or "").endswith(
                PLAN["pages"]["RSVP meeting page"]
            ):
                response.failure(f"HTTP {response.status_code}")
                return
            mine = REPLIES.setdefault(str(self.person["id"]), {"posts": 0, "last": None})
            mine["posts"] += 1
            mine["last"] = answer


class LayoutUser(SignedIn):
    @task
    def layout(self):
        self.get("Empty layout page")


@events.quitting.add_listener
def _write_replies(environment, **_kwargs):
    path = os.environ.get("BENCH_LOAD_REPLIES")
    if path and path != "-":  # "-": replies made, not written down (a step where two people can be one member)
        with open(path, "w", encoding="utf-8") as out:
            json.dump(REPLIES, out)
