"""What erasing an account does to the framework and the review: a person's ratings stay in the review's figures
(they never showed with a name), their words go; evidence, reviews and recognitions they recorded stay."""

from network.personal_data import KEEP, Blank, Rule, register

register({
    "partnership.evidence": Rule(added_by=KEEP),
    "partnership.review": Rule(opened_by=KEEP, closed_by=KEEP),
    "partnership.reviewanswer": Rule(member=Blank(text="")),
    "partnership.recognition": Rule(recognised_by=KEEP),
})
