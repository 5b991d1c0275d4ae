"""What erasing an account does to pledge signatures: the signature is counted, their own words go."""

from network.personal_data import Blank, Rule, register

register({
    "pledges.pledgesignature": Rule(member=Blank(commitment="", show_on_wall=False)),
})
