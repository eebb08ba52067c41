"""Every form renders the site's way (maker2.forms.SiteFormRenderer): labels, errors and help
text tied to their controls, an error summary, radio groups as fieldsets, honeypots hidden."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CityFactory, SpaceFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tag(html: str, **attrs) -> dict:
    """The attributes of the one start tag carrying all of `attrs` (name="…", id="…")."""
    parser = _Tags()
    parser.feed(html)
    found = [a for _, a in parser.tags if all(a.get(k) == v for k, v in attrs.items())]
    assert len(found) == 1, f"{len(found)} tags with {attrs}"
    return found[0]


def test_a_field_with_an_error_points_to_its_message_and_help_text(client, db):
    response = client.post(reverse("spaces:space-submit"), {"submitter_email": "not an email"})

    html = response.content.decode()
    email = tag(html, name="submitter_email")
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"] == "id_submitter_email_helptext id_submitter_email_error"
    assert tag(html, id="id_submitter_email_error")["class"] == "errorlist"
    assert (
        "not shown on the site" in re.search(r'id="id_submitter_email_helptext">([^<]*)', html)[1]
    )
    assert "aria-invalid" not in tag(html, name="phone")  # a field without errors


def test_a_post_with_errors_starts_with_a_summary_linking_each_error_to_its_field(client, db):
    response = client.post(reverse("spaces:space-submit"), {"submitter_email": "not an email"})

    html = response.content.decode()
    summary = re.search(
        r'<div class="alert alert--error form__summary"([^>]*)>(.*?)</div>', html, re.S
    )
    assert 'role="alert"' in summary[1] and "autofocus" in summary[1]
    links = re.findall(r'<a href="#(\w+)">([^<]*)</a>', summary[2])
    assert ("id_submitter_email", "Your email: Enter a valid email address.") in links
    assert ("id_kind", "Kind: This field is required.") in links


def test_a_form_without_errors_has_no_summary(client, db):
    response = client.get(reverse("spaces:space-submit"))

    assert "form__summary" not in response.content.decode()


def test_required_fields_are_marked_and_the_mark_explained(client, db):
    html = client.get(reverse("spaces:space-submit")).content.decode()

    marked = re.findall(
        r'<label class="form__label" for="id_(\w+)">[^<]*<span class="form__required"', html
    )
    # The city is one of two: a listed one, or a new one typed in (its help text says so).
    assert marked == ["kind", "submitter_name", "submitter_email"]
    assert html.count("are required.") == 1


def test_a_radio_group_is_a_fieldset_with_the_label_as_legend(client, db):
    space = SpaceFactory(city=CityFactory())

    html = client.get(reverse("spaces:tour-request", args=[space.slug])).content.decode()

    assert re.search(r'<fieldset class="form__group">\s*<legend class="form__label">Request<', html)
    assert tag(html, id="id_kind_0")["type"] == "radio"


@pytest.mark.parametrize(
    ("url_name", "honeypot"), [("spaces:space-submit", "fax"), ("spaces:tour-request", "website")]
)
def test_a_honeypot_is_in_the_page_but_hidden_from_people(client, db, url_name, honeypot):
    space = SpaceFactory(city=CityFactory())
    args = [space.slug] if url_name == "spaces:tour-request" else []

    html = client.get(reverse(url_name, args=args)).content.decode()

    assert tag(html, name=honeypot)["tabindex"] == "-1"
    assert re.search(
        rf'<div class="form__trap" aria-hidden="true">(?:(?!</div>).)*name="{honeypot}"', html, re.S
    )


def test_a_formsets_blank_row_is_not_marked_required(client, db):
    client.force_login(UserFactory())

    html = client.get(reverse("members:profile-edit")).content.decode()

    assert re.search(r'for="id_display_name">Display name<span class="form__required"', html)
    assert re.search(r'for="id_links-0-url">URL</label>', html)  # the extra link may stay blank
