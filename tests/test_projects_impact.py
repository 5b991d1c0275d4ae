from django.urls import reverse

from projects.models import ImpactRecord
from tests import factories


def _pairs(*pairs):
    data = {"pairs-TOTAL_FORMS": str(len(pairs)), "pairs-INITIAL_FORMS": "0"}
    for i, (said, did) in enumerate(pairs):
        data[f"pairs-{i}-you_said"], data[f"pairs-{i}-we_did"] = said, did
    return data


def test_a_project_lead_records_what_changed_with_you_said_we_did(client, project_lead, project):
    client.force_login(project_lead)
    response = client.post(
        reverse("projects:add_impact", kwargs={"slug": project.slug}),
        {"what_changed": "A quiet corner in the waiting room.", "evidence": "40 feedback cards.",
         "happened_on": "2026-10-01",
         **_pairs(("It is too loud to think.", "We made a quiet corner."), ("", ""))},
    )
    assert response.status_code == 302
    impact = ImpactRecord.objects.get()
    assert impact.recorded_by == project_lead and str(impact.happened_on) == "2026-10-01"
    assert [(p.you_said, p.we_did) for p in impact.you_said_we_did.all()] == [
        ("It is too loud to think.", "We made a quiet corner.")
    ]


def test_half_a_you_said_we_did_pair_is_asked_for_again_and_nothing_is_saved(client, project_lead, project):
    client.force_login(project_lead)
    response = client.post(
        reverse("projects:add_impact", kwargs={"slug": project.slug}),
        {"what_changed": "Something", "evidence": "", "happened_on": "2026-10-01",
         **_pairs(("The chairs are hard.", ""))},
    )
    assert response.status_code == 200
    assert "Please say what was done about this." in response.content.decode()
    assert not ImpactRecord.objects.exists()


def test_a_date_that_is_not_a_date_is_explained(client, project_lead, project):
    client.force_login(project_lead)
    response = client.post(
        reverse("projects:add_impact", kwargs={"slug": project.slug}),
        {"what_changed": "Something", "happened_on": "next Tuesday", **_pairs()},
    )
    assert "Enter a valid date" in response.content.decode() and not ImpactRecord.objects.exists()


def test_impact_is_shown_on_the_project_page_to_every_signed_in_member(client, other_member, project):
    impact = factories.ImpactRecordFactory(project=project, what_changed="A quiet corner.")
    impact.you_said_we_did.create(you_said="It is too loud.", we_did="We added soft chairs.")
    client.force_login(other_member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "A quiet corner." in page and "Feedback cards from 40 visitors." in page
    assert "It is too loud." in page and "We added soft chairs." in page
    assert '<th scope="col">You said</th>' in page
