"""The benchmark's load section works end to end on a tiny network: gunicorn with the production settings serves
signed-in members, locust reports each page's times, replies to a full meeting are all kept, and the charts are
valid SVG with a title and a description for people who cannot see them."""

import xml.dom.minidom

import pytest

from front.bench import chart, load
from front.bench.seed import NetworkSeeder

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]


def test_a_short_load_run_measures_every_page_signed_in_and_keeps_every_reply(postgres, tmp_path):
    seeder = NetworkSeeder(scale=0.01, log=lambda message: None)
    seeder.grow_to(1)

    result = load.run_load(seeder, seconds=2, workers=2, concurrency=(1, 4), log=lambda message: None,
                           more_readers=(8,))

    for users in (1, 4):
        pages, layout = result["levels"][users]["pages"], result["levels"][users]["layout"]
        assert pages["All"]["requests"] > 0 and layout["All"]["requests"] > 0
        assert pages["All"]["failures"] == 0, pages.get("_errors")  # signed in: no redirect to the sign-in page
        assert pages["All"]["p50"] <= pages["All"]["p95"] <= pages["All"]["p99"]
        assert pages["All"]["rps"] > 0
    reading = result["reading"]["pages"]["All"]  # the same mix with a pause between clicks, where p99 is judged
    assert reading["requests"] > 0 and reading["failures"] == 0
    assert result["reading"]["users"] == 4
    assert [step["users"] for step in result["more_readers"]] == [8]  # how many readers the server holds
    assert all(step["pages"]["All"]["requests"] > 0 and step["pages"]["All"]["failures"] == 0
               for step in result["more_readers"])
    held, seen = load.readers_held(result)
    assert [users for users, _page, _p99 in seen] == [4, 8] and held in (0, 4, 8)
    assert "People reading at once" in load.readers_held_line(result)
    replies = result["replies"]
    assert replies["posts"] > 0, "the members replied to the meeting"
    assert replies["attending"] <= replies["capacity"]
    assert replies["lost"] == [] and replies["last_replies_kept"] == replies["members_replied"]
    assert replies["invitations_changed"] == replies["members_replied"]
    targets = [target for target, _met, _detail in load.verdicts(result)]
    assert any("p99" in t and "reading a page" in t for t in targets) and "0 errors" in targets
    assert "Little's law" in load.closed_loop_note(result)

    written = chart.write_charts(tmp_path, runs=None, factor=10, load=result)
    document = xml.dom.minidom.parse(str(written["load"]))  # noqa: S318 - our own file
    assert document.documentElement.tagName == "svg"
    assert document.getElementsByTagName("title")[0].firstChild.data
    assert "Home" in document.getElementsByTagName("desc")[0].firstChild.data


def test_the_pages_chart_has_a_bar_for_each_page_at_each_size(tmp_path):
    runs = {1: ({"Home": {"ms": 12.0}, "My actions": {"ms": 20.0}, "Not built": None}, {}),
            10: ({"Home": {"ms": 14.0}, "My actions": {"ms": 55.0}}, {})}

    written = chart.write_charts(tmp_path, runs=runs, factor=10, load=None)

    document = xml.dom.minidom.parse(str(written["pages"]))  # noqa: S318 - our own file
    bars = [rect for rect in document.getElementsByTagName("rect") if rect.getElementsByTagName("title")]
    assert len(bars) == 4
    assert "My actions: 20 ms at 1×, 55 ms at 10×" in document.getElementsByTagName("desc")[0].firstChild.data
    assert "load" not in written


def _step(users, **p99s):
    return {"users": users, "pages": {"All": {"p99": max(p99s.values())}, **{n: {"p99": v} for n, v in p99s.items()}}}


def test_the_readers_held_are_those_before_the_first_step_with_a_page_over_the_target():
    result = {"reading": {**_step(32, Home=70, Meeting_page=60), "pause": (1, 3)},
              "more_readers": [_step(64, Home=90, Meeting_page=140), _step(128, Home=95, Meeting_page=99)]}
    held, seen = load.readers_held(result)
    assert held == 32  # 128 happened to be within, but 64 was not: the server holds 32
    assert seen[1] == (64, "Meeting_page", 140)
    line = load.readers_held_line(result)
    assert ": 32 (" in line and "64: Meeting_page 140 ms" in line
    result["reading"] = {**_step(32, Home=120), "pause": (1, 3)}
    assert load.readers_held(result)[0] == 0 and "fewer than 32" in load.readers_held_line(result)
