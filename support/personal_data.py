"""What erasing an account does to support rows (the words are network/personal_data.py's)."""

from network.personal_data import DELETE, KEEP, Rule, register

register({
    # A member who goes takes their support people with them; a support person who goes is no longer named.
    "support.supportlink": Rule(member=DELETE, supporter=DELETE, created_by=KEEP),
    "support.supportconsent": Rule(recorded_by=KEEP),
    # What was done for a member goes with them; done by someone who went, it shows "a former member".
    "support.supportaction": Rule(member=DELETE, supporter=KEEP),
})
