"""What erasing an account does to projects' rows: participation stays, the person's own words go."""

from network.personal_data import KEEP, Blank, Rule, register

register({
    "projects.project": Rule(created_by=KEEP),
    "projects.projectmembership": Rule(member=Blank(why_involved="", contribution=""), decided_by=KEEP),
    "projects.stagechecklistitem": Rule(done_by=KEEP),
    "projects.stagechange": Rule(changed_by=KEEP),
    "projects.action": Rule(owner=KEEP, created_by=KEEP),
    "projects.impactrecord": Rule(recorded_by=KEEP),
    "projects.reflection": Rule(member=Blank(comment="")),
})
