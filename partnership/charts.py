"""Charts drawn on the server as SVG (no library, no external service): each figure's share by role as horizontal
bars, with the role's share of the membership marked beside it, so a printout and a screen show the same thing.
Every chart has a title and a description for screen readers, and the page puts its data table next to it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import figures as balance

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH, TOP = 720, 22, 14, 190, 8
PLOT = WIDTH - LABEL_WIDTH - 70
# Short names that fit beside a bar; the table beside the chart gives each role's full name.
SHORT = {
    balance.Role.SERVICE_USER: _("Service users"),
    balance.Role.CARER: _("Carers"),
    balance.Role.STAFF: _("Staff"),
    balance.Role.PEER_SUPPORT: _("Peer support workers"),
    balance.Role.VOLUNTEER: _("Volunteers"),
}


@dataclass
class Bar:
    label: str
    y: int
    text_y: int
    width: float  # the bar's length in the chart's units (0 when hidden)
    value: str  # "42.0%" or "hidden"
    value_x: float
    marker_x: float | None  # where the membership share falls, or None
    shown: bool
    member_value: str  # the role's share of the members, "40.0%" or "hidden"
    full_label: str = ""  # the role's full name, for the table beside the chart


def share_chart(entry, members_entry):
    """A chart of one figure (an entry of figures.compute) against the membership's make-up."""
    bars, y = [], TOP
    for role in balance.ROLES:
        cell = entry["all"].cells[role.value]
        member = members_entry["all"].cells[role.value]
        width = float(cell.share) / 100 * PLOT if cell.shown and cell.share is not None else 0
        marker = (LABEL_WIDTH + float(member.share) / 100 * PLOT) if member.shown and member.share is not None else None
        bars.append(Bar(
            label=str(SHORT[role]), y=y, text_y=y + BAR_HEIGHT - 6, width=width,
            value=f"{cell.share}%" if cell.shown and cell.share is not None else "hidden",
            value_x=LABEL_WIDTH + width + 6, marker_x=marker, shown=cell.shown,
            member_value=f"{member.share}%" if marker is not None else "hidden",
            full_label=str(role.label),
        ))
        y += BAR_HEIGHT + GAP
    return {"bars": bars, "height": y + 20, "width": WIDTH, "label_width": LABEL_WIDTH, "plot": PLOT,
            "legend_y": y + 12, "figure": entry["figure"], "label": entry["label"]}


def charts(figures):
    members = next(entry for entry in figures["figures"] if entry["figure"] == balance.Figure.MEMBERS)
    return [share_chart(entry, members) for entry in figures["figures"] if entry is not members]
