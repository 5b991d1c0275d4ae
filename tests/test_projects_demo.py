from network import demo as network_demo
from projects import demo
from projects.models import Action, ImpactRecord, ProjectMembership, Reflection, StageChange, StageChecklistItem

MODELS = [ProjectMembership, StageChecklistItem, StageChange, Action, ImpactRecord, Reflection]


def test_the_demo_projects_have_checklists_history_actions_impact_and_reflections_and_rerunning_adds_nothing(db):
    members = network_demo.seed()
    demo.seed(members)
    first = {model.__name__: model.objects.count() for model in MODELS}
    assert all(first.values()), first
    demo.seed(network_demo.seed())
    assert {model.__name__: model.objects.count() for model in MODELS} == first


def test_the_demo_member_has_an_overdue_action(db):
    members = network_demo.seed()
    demo.seed(members)
    assert Action.objects.overdue().filter(owner=members[1]).exists()
