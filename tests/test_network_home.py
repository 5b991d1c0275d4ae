from django.urls import reverse

from tests import factories


def test_home_page_says_what_the_network_is_and_counts_live_figures(client, db):
    factories.MemberFactory.create_batch(3)
    factories.ProjectFactory.create_batch(2)
    version = factories.PledgeVersionFactory()
    factories.PledgeSignatureFactory(version=version)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "as equals" in page
    counts = response.context["counts"]
    assert counts == {"members": 4, "projects": 2, "signatures": 1}


def test_withdrawn_signatures_and_inactive_members_are_not_counted(client, db):
    factories.MemberFactory(is_active=False)
    version = factories.PledgeVersionFactory()
    from django.utils import timezone

    factories.PledgeSignatureFactory(version=version, withdrawn_at=timezone.now())
    counts = client.get(reverse("home")).context["counts"]
    assert counts["signatures"] == 0
    assert counts["members"] == 1  # the signer only


def test_the_layout_has_a_skip_link_landmarks_and_one_heading_level_one(client, db):
    page = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in page and 'id="main"' in page
    assert "<header" in page and "<nav" in page and "<main" in page and "<footer" in page
    assert page.count("<h1") == 1


def test_bootstrap_is_served_from_our_own_static_files_never_a_cdn(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()


def test_the_counts_are_kept_between_visits_but_change_as_soon_as_what_they_count_changes(
    client, db, django_assert_num_queries
):
    from pledges import services as pledges

    version = factories.PledgeVersionFactory()
    signer = factories.MemberFactory()
    assert client.get(reverse("home")).context["counts"] == {"members": 1, "projects": 0, "signatures": 0}
    with django_assert_num_queries(0):  # a visitor's second look counts nothing again
        client.get(reverse("home"))

    pledges.sign_pledge(member=signer, version=version)
    factories.ProjectFactory()
    assert client.get(reverse("home")).context["counts"] == {"members": 1, "projects": 1, "signatures": 1}

    pledges.withdraw_signature(member=signer)  # a bulk UPDATE, not a save: it says so itself
    assert client.get(reverse("home")).context["counts"]["signatures"] == 0

    signer.is_active = False
    signer.save()
    assert client.get(reverse("home")).context["counts"]["members"] == 0


def test_the_pledge_page_figures_follow_a_withdrawal_made_by_a_lead(client, db):
    from pledges import services as pledges

    version = factories.PledgeVersionFactory()
    signatures = factories.PledgeSignatureFactory.create_batch(2, version=version)
    assert client.get(reverse("pledges:pledge")).context["figures"].current == 2
    pledges.withdraw_signatures(signatures=signatures[:1])
    assert client.get(reverse("pledges:pledge")).context["figures"].current == 1
