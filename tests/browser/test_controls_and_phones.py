"""Controls a person can see and lists a phone can show, in real Chromium (issue 17, lines 5 and 8).

- Every unticked checkbox and radio button has a border of at least 3:1 against what is around it (WCAG 1.4.11),
  and still shows a strong focus ring when reached with Tab.
- Badges and helper text are 16px and more.
- A meeting page offers a "Reply" link near the top that takes the keyboard to the reply form.
- At 320px and 390px wide the meetings list, the project list and My actions do not scroll sideways, and each
  meeting's date, title and reply are on the screen; a lead's phone-and-post list scrolls its table, not the page.

Set SCREENSHOTS=/some/folder to keep a picture of each phone page for a person to look at.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meetings.models import Invitation
from tests import factories, test_security_urls
from tests.browser.conftest import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
world = test_security_urls.world  # the cast, a project, a meeting the member has replied to, an action

PHONES = [{"width": 320, "height": 640}, {"width": 390, "height": 844}]

# The colour of a thing as painted: its own colour laid over the first solid background behind it.
CONTRAST = """
const parse = (text) => {
    const m = text.match(/rgba?\\(([\\d.]+),? ([\\d.]+),? ([\\d.]+)(?:,? \\/? ?([\\d.]+))?\\)/);
    if (!m) throw new Error('cannot read the colour ' + text);
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
};
const over = (top, bottom) => top.slice(0, 3).map((c, i) => c * top[3] + bottom[i] * (1 - top[3])).concat(1);
const behind = (el) => {
    let layers = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] === 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
};
const luminance = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const describe = (el) => el.outerHTML.slice(0, 120);
"""

UNTICKED_BORDERS = CONTRAST + """() => {
    const boxes = [...document.querySelectorAll('input[type=checkbox]:not(:checked), input[type=radio]:not(:checked)')]
        .filter(el => el.getClientRects().length);
    return boxes.map(el => {
        const style = getComputedStyle(el);
        const page = behind(el);
        const inside = over(parse(style.backgroundColor), page);
        const sides = ['Top', 'Right', 'Bottom', 'Left'].map(side => ({
            width: parseFloat(style['border' + side + 'Width']),
            colour: over(parse(style['border' + side + 'Color']), page),
        }));
        const worst = Math.min(...sides.map(s => s.width ? Math.min(ratio(s.colour, page), ratio(s.colour, inside)) : 0));
        return {what: describe(el), ratio: Math.round(worst * 100) / 100, width: Math.min(...sides.map(s => s.width))};
    });
}"""

SMALL_TEXT = """() => [...document.querySelectorAll('.badge, .form-text, .small, small, .helptext, [id$="_helptext"]')]
    .filter(el => el.getClientRects().length && el.innerText.trim())
    .map(el => ({what: el.outerHTML.slice(0, 120), size: parseFloat(getComputedStyle(el).fontSize)}))"""


def _pages_with_choices(world):
    return [
        ("the meeting's reply form", world.member, reverse("meetings:detail", kwargs={"pk": world.meeting.pk})),
        ("sign up", None, reverse("account_signup")),
        ("my profile", world.member, reverse("network:profile")),
        ("email choices", world.member, reverse("notifications:preferences")),
        ("finding a project", world.member, reverse("projects:list")),
    ]


def _open(signed_in_page, page, person, address, viewport=None):
    browser_page = signed_in_page(person, viewport=viewport) if person else page
    response = browser_page.goto(address)
    assert response.status < 400, f"{address} answered {response.status}"
    return browser_page


def test_unticked_checkboxes_and_radio_buttons_stand_out_3_to_1_from_the_page(world, page, signed_in_page):
    weak, seen = [], 0
    for name, person, address in _pages_with_choices(world):
        boxes = _open(signed_in_page, page, person, address).evaluate(UNTICKED_BORDERS)
        seen += len(boxes)
        weak += [f"{name}: {box['ratio']}:1, {box['width']}px, {box['what']}" for box in boxes
                 if box["ratio"] < 3 or box["width"] < 1]
    assert seen >= 10, f"only {seen} unticked checkboxes and radio buttons found: the check looked at nothing"
    assert not weak, "These unticked choices are too faint to see (they need 3:1):\n" + "\n".join(weak)


FOCUS_RING = """() => { const s = getComputedStyle(document.activeElement);
    return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""


@pytest.mark.parametrize("choice", ["Yes, I am coming", "Hearing loop"])
def test_a_choice_reached_with_tab_shows_a_strong_focus_ring(world, signed_in_page, choice):
    page = signed_in_page(world.member)
    page.goto(reverse("meetings:detail", kwargs={"pk": world.meeting.pk}))
    tab_to(page, choice, exact=True)
    ring = page.evaluate(FOCUS_RING)
    assert ring["outline"] == "solid" and ring["width"] >= 3 and ring["shadow"] != "none", ring


def test_badges_and_helper_text_are_16px_and_more(world, page, signed_in_page):
    overdue = factories.ActionFactory(project=world.project, owner=world.member, due=timezone.localdate() - dt.timedelta(days=3))
    assert overdue.is_overdue
    factories.MeetingFactory(title="Cancelled gathering", status="cancelled")
    pages = _pages_with_choices(world) + [
        ("meetings", world.member, reverse("meetings:list")),
        ("my actions", world.member, reverse("projects:my_actions")),
        ("a project", world.member, world.project.get_absolute_url()),
        ("sign in", None, reverse("account_login")),
    ]
    small, seen = [], 0
    for name, person, address in pages:
        texts = _open(signed_in_page, page, person, address).evaluate(SMALL_TEXT)
        seen += len(texts)
        small += [f"{name}: {text['size']}px {text['what']}" for text in texts if text["size"] < 16]
    assert seen >= 10, f"only {seen} badges and helper texts found: the check looked at nothing"
    assert not small, "These are smaller than 16px:\n" + "\n".join(small)


def test_the_reply_link_at_the_top_of_a_meeting_takes_the_keyboard_to_the_reply_form(world, signed_in_page):
    page = signed_in_page(world.member)
    page.goto(reverse("meetings:detail", kwargs={"pk": world.meeting.pk}))
    reply = page.get_by_role("link", name="Change my reply")
    when = page.get_by_role("heading", name="When and where")
    assert reply.bounding_box()["y"] < when.bounding_box()["y"], "the reply link is not above the meeting's details"
    tab_to(page, "Change my reply")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'reply-heading'")
    # Bootstrap scrolls smoothly (for people who have not asked for reduced motion): wait for the scroll to end.
    page.wait_for_function("""() => new Promise(done => {
        let last = -1;
        const settle = () => (scrollY === last ? done(true) : (last = scrollY, setTimeout(settle, 100)));
        settle();
    })""")
    form_top = page.get_by_role("heading", name="Are you coming?").bounding_box()["y"]
    assert 0 <= form_top < page.viewport_size["height"], "the reply form is not on the screen"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "radio"


def test_someone_who_has_not_replied_is_asked_at_the_top(world, signed_in_page):
    invitation = Invitation.objects.get(meeting=world.meeting, member=world.member)
    invitation.response = ""
    invitation.save()
    page = signed_in_page(world.member)
    page.goto(reverse("meetings:detail", kwargs={"pk": world.meeting.pk}))
    page.get_by_role("link", name="Reply: are you coming?").click()
    page.wait_for_function("() => document.activeElement.id === 'reply-heading'")


# --- phones ------------------------------------------------------------------------------------------------

LONG_TITLES = [
    "Carers' café & drop-in: what's working, what isn't, and what we'd change",
    "Supercalifragilisticexpialidociousnessandthensomemorewordsrunningtogether",
    "Mo's & Olu's walk-and-talk: the riverside route (step-free) & the hill route",
]


@pytest.fixture
def a_busy_member(world):
    member = world.member
    for n, title in enumerate(LONG_TITLES):
        meeting = factories.MeetingFactory(
            title=title, project=world.project, starts_at=timezone.now() + dt.timedelta(days=n + 1, hours=2),
            venue="The Community Room at the Riverside Neighbourhood Centre & Library",
        )
        factories.InvitationFactory(meeting=meeting, member=member, response=Invitation.Response.MAYBE if n else "")
        factories.ActionFactory(project=world.project, owner=member, what=title, due=timezone.localdate() - dt.timedelta(days=n))
        factories.ProjectFactory(title=title, summary="Wewillmakethewaitingroomcalmerandkinderforeveryonewhowaits & more")
    factories.MeetingFactory(title=LONG_TITLES[0] + " (called off)", status="cancelled")
    return member


def _nothing_scrolls_sideways(page, name):
    widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], f"{name} scrolls sideways: {widths['scroll']}px on a {widths['inner']}px screen"


def _on_screen(page, locator, what):
    assert locator.count(), f"{what} is not on the page"
    box = locator.first.bounding_box()
    width = page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{what} is cut off: {box} on a {width}px screen"


def _shot(page, name):
    if folder := os.environ.get("SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


@pytest.mark.parametrize("phone", PHONES, ids=lambda p: f"{p['width']}px")
def test_the_meetings_list_shows_each_meetings_date_title_and_reply_on_a_phone(a_busy_member, signed_in_page, axe, phone):
    page = signed_in_page(a_busy_member, viewport=phone)
    page.goto(reverse("meetings:list"))
    _nothing_scrolls_sideways(page, "the meetings list")
    for meeting in Invitation.objects.select_related("meeting").filter(member=a_busy_member, meeting__title__in=LONG_TITLES):
        title = page.get_by_role("link", name=meeting.meeting.title, exact=True)
        card = page.locator("main li, main tr").filter(has=title)  # a card, or a table's row
        _on_screen(page, card.locator(title), f"the title {meeting.meeting.title!r}")
        day = date_format(timezone.localtime(meeting.meeting.starts_at), "l j F Y")
        _on_screen(page, card.get_by_text(day), f"the date of {meeting.meeting.title!r}")
        reply = meeting.get_response_display() if meeting.response else "Not replied yet"
        _on_screen(page, card.get_by_text(reply, exact=True), f"the reply to {meeting.meeting.title!r}")
        assert card.get_by_text("My reply", exact=True).is_visible(), "the reply has no label beside it"
    axe(page, f"the meetings list at {phone['width']}px")
    _shot(page, "meetings")


@pytest.mark.parametrize("phone", PHONES, ids=lambda p: f"{p['width']}px")
def test_the_project_list_my_actions_and_a_meeting_fit_a_phone(a_busy_member, signed_in_page, axe, phone):
    page = signed_in_page(a_busy_member, viewport=phone)
    meeting = Invitation.objects.get(member=a_busy_member, meeting__title=LONG_TITLES[1]).meeting
    for name, address, titles in (
        ("projects", reverse("projects:list"), LONG_TITLES),
        ("my-actions", reverse("projects:my_actions"), LONG_TITLES),
        ("a-meeting", meeting.get_absolute_url(), [meeting.title]),
    ):
        page.goto(address)
        _nothing_scrolls_sideways(page, name)
        for title in titles:
            _on_screen(page, page.locator("main").get_by_text(title).first, f"{title!r} on {name}")
        axe(page, f"{name} at {phone['width']}px")
        _shot(page, name)


def test_a_leads_phone_and_post_list_scrolls_its_table_not_the_page_on_a_phone(lead, offline_member, signed_in_page, axe):
    meeting = factories.MeetingFactory(title=LONG_TITLES[0])
    offline_member.postal_address = "Flat 12, Longnamedbuildingwithoutanyspaces, Riverside Road"
    offline_member.phone = "01632 960 222"
    offline_member.save()
    Invitation.objects.create(meeting=meeting, member=offline_member)
    page = signed_in_page(lead, viewport=PHONES[0])
    page.goto(reverse("meetings:offline_list", kwargs={"pk": meeting.pk}))
    _nothing_scrolls_sideways(page, "the phone and post list")
    table = page.get_by_role("region", name="People to phone or write to")
    assert table.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits: this test would check nothing"
    table.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=table.element_handle())  # the keyboard scrolls it
    axe(page, "the phone and post list at 320px")
