"""A visitor adds a space on the site; editors approve it, ask for more or reject it in admin,
and the submitter hears of it by email and on a private status page. Only published spaces
show on the site and in the API."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from spaces.models import Review, Space, Submission
from tests.factories import CityFactory, ReviewFactory, SpaceFactory, SubmissionFactory


@pytest.fixture(autouse=True)
def _moderators(settings):
    settings.MODERATORS = ["moderators@example.com"]


@pytest.fixture
def city(db):
    return CityFactory(name_en="Shenzhen", slug="shenzhen")


def submission_data(city, /, **changes) -> dict:
    return {
        "name_en": "Chaihuo x.factory",
        "name_zh": "柴火创客空间",
        "kind": Space.Kind.MAKERSPACE,
        "city": city.pk,
        "address_en": "Nanshan, Shenzhen",
        "latitude": "22.540000",
        "longitude": "113.950000",
        "website": "https://chaihuo.org",
        "submitter_name": "Pan Hao",
        "submitter_email": "pan@example.com",
        "message": "I run it.",
        **empty_parts(),
        **changes,
    }


def empty_parts() -> dict:
    """The hours, plans and photos formsets' management data, with no rows filled in."""
    return {
        f"{prefix}-{key}": value
        for prefix in ("hours", "plans", "photos")
        for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
    }


def submit(client, city, /, **changes):
    return client.post(reverse("spaces:space-submit"), submission_data(city, **changes))


def moderate(client, space: Space, decision: str, reason: str = ""):
    url = reverse("admin:spaces_space_moderate", args=[space.pk])
    return client.post(url, {"decision": decision, "reason": reason})


def status_url(space: Space) -> str:
    return reverse("spaces:space-submission-status", args=[space.submission.status_token()])


def visible_on_site_and_api(client, space: Space) -> bool:
    page = client.get(reverse("spaces:space-detail", args=[space.slug]))
    api = client.get(reverse("api:space-geojson"))
    in_api = space.slug in {feature["properties"]["slug"] for feature in api.json()["features"]}
    assert (page.status_code == 200) == in_api
    return in_api


# Submitting


def test_the_form_opens(client, city):
    response = client.get(reverse("spaces:space-submit"))

    assertContains(response, "Add your space")
    assertContains(response, 'name="fax"')


def test_a_submission_is_stored_pending_with_its_submitter(
    client, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, city)

    space = Space.objects.get(name_en="Chaihuo x.factory")
    assert space.status == Space.Status.PENDING
    assert space.slug == "chaihuo-xfactory"
    assert (space.submission.name, space.submission.email) == ("Pan Hao", "pan@example.com")
    assert space.submission.language == "en"
    assert response.status_code == 302
    assert response["Location"] == status_url(space) + "?new=1"


def test_moderators_and_the_submitter_are_emailed(
    client, city, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, city)

    space = Space.objects.get(name_en="Chaihuo x.factory")
    to_moderators, to_submitter = mail.outbox
    assert set(to_moderators.to) == {"moderators@example.com", editor.email}
    assert "Chaihuo x.factory" in to_moderators.subject
    assert reverse("admin:spaces_space_change", args=[space.pk]) in to_moderators.body
    assert "I run it." in to_moderators.body
    assert to_moderators.reply_to == ["pan@example.com"]
    assert to_submitter.to == ["pan@example.com"]
    assert status_url(space) in to_submitter.body


def test_a_pending_space_is_not_on_the_site_nor_in_the_api(client, city):
    submit(client, city)

    assert not visible_on_site_and_api(client, Space.objects.get(name_en="Chaihuo x.factory"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name_en": "", "name_zh": ""}, "name_en"),
        ({"longitude": ""}, "longitude"),
        ({"latitude": "95"}, "latitude"),
        ({"submitter_email": "not an address"}, "submitter_email"),
        ({"city": "999999"}, "city"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_bad_input_is_a_form_error(client, city, changes, field):
    response = submit(client, city, **changes)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Space.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_ignored(
    client, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, city, fax="+86 755 0000")

    assert response.status_code == 302
    assert not Space.objects.exists()
    assert mail.outbox == []
    assertContains(client.get(response["Location"]), "Thank you")


def test_one_address_may_submit_only_so_many_spaces_an_hour(client, city, settings):
    settings.SPACE_SUBMISSIONS_PER_HOUR = 2
    submit(client, city, name_en="One", name_zh="")
    submit(client, city, name_en="Two", name_zh="")

    response = submit(client, city, name_en="Three", name_zh="")

    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert sorted(Space.objects.values_list("name_en", flat=True)) == ["One", "Two"]
    other_visitor = client.post(
        reverse("spaces:space-submit"),
        submission_data(city, name_en="Four", name_zh=""),
        REMOTE_ADDR="10.0.0.2",
    )
    assert other_visitor.status_code == 302


def test_a_space_named_like_the_pages_gets_another_slug(client, city):
    submit(client, city, name_en="Add", name_zh="")

    assert Space.objects.get(name_en="Add").slug == "add-2"


# Duplicates


@pytest.mark.parametrize(
    "existing",
    [
        {"name_en": "CHAIHUO X.FACTORY", "latitude": None, "longitude": None},
        {"name_en": "Seeed", "name_zh": "柴火创客空间", "latitude": None, "longitude": None},
        # about 110 m north of the submitted point
        {"name_en": "Next door", "latitude": "22.541000", "longitude": "113.950000"},
    ],
)
def test_a_likely_duplicate_is_flagged_to_moderators(
    client, city, existing, django_capture_on_commit_callbacks
):
    duplicate = SpaceFactory(city=city, **existing)

    with django_capture_on_commit_callbacks(execute=True):
        submit(client, city)

    to_moderators = mail.outbox[0]
    assert "possible duplicate" in to_moderators.subject
    assert reverse("admin:spaces_space_change", args=[duplicate.pk]) in to_moderators.body


def test_spaces_farther_than_200_m_with_other_names_are_not_duplicates(city):
    SpaceFactory(name_en="Across town", latitude="22.560000", longitude="113.950000")
    space = SpaceFactory(name_en="Chaihuo", latitude="22.540000", longitude="113.950000")

    assert list(space.likely_duplicates()) == []


def test_the_change_page_shows_editors_the_submission_and_duplicates(admin_client, city):
    SpaceFactory(name_en="Chaihuo", city=city)
    submission = SubmissionFactory(
        space__name_en="chaihuo", space__city=city, name="Pan Hao", message="I run it."
    )

    response = admin_client.get(reverse("admin:spaces_space_change", args=[submission.space.pk]))

    assertContains(response, "Pan Hao")
    assertContains(response, "I run it.")
    assertContains(response, "Chaihuo</a>")
    assertContains(response, reverse("admin:spaces_space_moderate", args=[submission.space.pk]))


# Deciding


@pytest.fixture
def submitted(client, city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, city)
    mail.outbox.clear()
    return Space.objects.get(name_en="Chaihuo x.factory")


@pytest.fixture
def editor_client(client_factory, editor):
    editor_client = client_factory()
    editor_client.force_login(editor)
    return editor_client


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_the_whole_review_from_asking_for_more_to_publishing(
    client, editor_client, editor, submitted, django_capture_on_commit_callbacks
):
    assert (
        editor_client.get(reverse("admin:spaces_space_moderate", args=[submitted.pk])).status_code
        == 200
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = moderate(editor_client, submitted, "needs_info", "Which floor is it on?")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Space.Status.PENDING
    (asked,) = mail.outbox
    assert asked.to == ["pan@example.com"]
    assert "Which floor is it on?" in asked.body
    page = client.get(status_url(submitted))
    assertContains(page, "Which floor is it on?")
    assertContains(page, "need more information")
    assert not visible_on_site_and_api(client, submitted)

    with django_capture_on_commit_callbacks(execute=True):
        moderate(editor_client, submitted, "approved")
    submitted.refresh_from_db()
    assert submitted.status == Space.Status.PUBLISHED
    published = mail.outbox[-1]
    assert submitted.get_absolute_url() in published.body
    assert visible_on_site_and_api(client, submitted)
    assertContains(client.get(status_url(submitted)), submitted.get_absolute_url())

    reviews = list(submitted.reviews.values_list("decision", "reason", "decided_by"))
    assert reviews == [
        ("approved", "", editor.pk),
        ("needs_info", "Which floor is it on?", editor.pk),
    ]
    assert submitted.history.first().history_user == editor


def test_a_rejection_gives_its_reason_to_the_submitter(
    client, editor_client, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderate(editor_client, submitted, "rejected", "This is a shop, not a makerspace.")

    submitted.refresh_from_db()
    assert submitted.status == Space.Status.REJECTED
    assert "This is a shop, not a makerspace." in mail.outbox[0].body
    page = client.get(status_url(submitted))
    assertContains(page, "Not accepted")
    assertContains(page, "This is a shop, not a makerspace.")
    assert not visible_on_site_and_api(client, submitted)


@pytest.mark.parametrize("decision", ["needs_info", "rejected"])
def test_asking_or_rejecting_needs_a_reason(editor_client, submitted, decision):
    response = moderate(editor_client, submitted, decision, "   ")

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Review.objects.exists()
    assert mail.outbox == []


def test_an_unknown_decision_is_a_form_error(editor_client, submitted):
    response = moderate(editor_client, submitted, "maybe", "Hmm.")

    assert "decision" in response.context["form"].errors
    assert not Review.objects.exists()


def test_a_pending_spaces_status_is_decided_on_the_moderation_page_only(editor_client, submitted):
    response = editor_client.get(reverse("admin:spaces_space_change", args=[submitted.pk]))

    assert "status" not in response.context["adminform"].form.fields


def test_editors_approve_several_spaces_at_once(
    editor_client, submitted, city, django_capture_on_commit_callbacks
):
    other = SpaceFactory(status=Space.Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:spaces_space_changelist"),
            {"action": "approve", "_selected_action": [submitted.pk, other.pk]},
        )

    assert set(Space.objects.values_list("status", flat=True)) == {Space.Status.PUBLISHED}
    assert [message.to for message in mail.outbox] == [["pan@example.com"]]


def test_an_altered_status_link_finds_nothing(client, submitted):
    token = submitted.submission.status_token()

    assert client.get(status_url(submitted)).status_code == 200
    altered = reverse("spaces:space-submission-status", args=[token[:-1] + "x"])
    assert client.get(altered).status_code == 404
    assert client.get(reverse("spaces:space-submission-status", args=["1"])).status_code == 404


def test_the_status_page_costs_the_same_queries_whatever_the_number_of_decisions(
    client, submitted, django_assert_max_num_queries
):
    ReviewFactory.create_batch(2, space=submitted, decision="needs_info", reason="More?")
    # the session, the submission with its space and city, its decisions
    with django_assert_max_num_queries(3):
        assert client.get(status_url(submitted)).status_code == 200

    ReviewFactory.create_batch(5, space=submitted, decision="needs_info", reason="More?")
    with django_assert_max_num_queries(3):
        assert client.get(status_url(submitted)).status_code == 200


def test_the_form_page_costs_the_same_queries_whatever_the_number_of_cities(
    client, city, django_assert_max_num_queries
):
    CityFactory()
    # the session, the cities, the services and the equipment to choose from
    with django_assert_max_num_queries(4):
        assert client.get(reverse("spaces:space-submit")).status_code == 200

    CityFactory.create_batch(5)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("spaces:space-submit")).status_code == 200


# Verified and last checked


def test_marking_verified_sets_the_badge_and_the_date(editor_client):
    space = SpaceFactory(verified=False, last_checked_on=None)

    editor_client.post(
        reverse("admin:spaces_space_changelist"),
        {"action": "mark_verified", "_selected_action": [space.pk]},
    )

    space.refresh_from_db()
    assert space.verified
    assert space.last_checked_on == timezone.localdate()


def test_editors_list_the_spaces_not_checked_for_a_year(editor_client):
    today = timezone.localdate()
    SpaceFactory(name_en="Never checked", last_checked_on=None)
    SpaceFactory(name_en="Checked long ago", last_checked_on=today - timedelta(days=400))
    SpaceFactory(name_en="Checked lately", last_checked_on=today - timedelta(days=30))

    response = editor_client.get(reverse("admin:spaces_space_changelist"), {"checked": "stale"})

    names = {space.name_en for space in response.context["cl"].result_list}
    assert names == {"Never checked", "Checked long ago"}
    assertNotContains(response, "Checked lately</a>")


def test_the_moderation_email_links_the_submitted_space(
    client, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, city)

    space = Submission.objects.get().space
    link = re.search(r"https?://\S+/admin/spaces/space/(\d+)/change/", mail.outbox[0].body)
    assert link and int(link.group(1)) == space.pk
