"""Workflows of the spaces app that reach outside the database: a visitor's tour request,
a space submitted on the site and the editors' decisions on it."""

import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from maker2.mail import send_templated_email
from maker2.slugs import unique_slug

from . import gazetteer
from .models import (
    City,
    Equipment,
    Review,
    Service,
    Space,
    SpacePart,
    Submission,
    TourRequest,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def request_tour(
    *,
    space: Space,
    kind: str,
    name: str,
    email: str,
    date: date,
    message: str = "",
    language: str = "",
    site_url: str = "",
    managers: Iterable[str] = (),
) -> TourRequest:
    """Store a visitor's request; once it is committed, email it to the space's managers (or,
    without any, to the space's own address) and thank the visitor.

    `managers` are the managers' addresses: members knows who they are, and its caller
    (maker2/site/views.py) passes them. `site_url` (the site's root, absolute) lets the
    emails link back.
    """
    tour_request = TourRequest.objects.create(
        space=space,
        kind=kind,
        name=name,
        email=email,
        date=date,
        message=message,
        language=language,
    )
    _announce(tour_request, site_url, list(managers))  # the mail goes once it is committed
    return tour_request


def _announce(tour_request: TourRequest, site_url: str, managers: list[str]) -> None:
    space = tour_request.space
    recipients = managers or ([space.email] if space.email else [])
    if recipients:
        send_templated_email(
            template="emails/tours/requested",
            context={"tour_request": tour_request, "space": space, "site_url": site_url},
            to=recipients,
            reply_to=[tour_request.email],
        )
    else:
        logger.warning(
            "Tour request %s for %s reached nobody: the space has no manager and no email.",
            tour_request.pk,
            tour_request.space.slug,
        )
    send_templated_email(
        template="emails/tours/thanks",
        context={"tour_request": tour_request, "space": tour_request.space, "site_url": site_url},
        to=[tour_request.email],
        language=tour_request.language,
        reply_to=[tour_request.space.email] if tour_request.space.email else None,
    )


# Moderation

EDITORS_GROUP = "Editors"  # created with its permissions by members/migrations


def moderator_emails() -> list[str]:
    """settings.MODERATORS and the active Editors' addresses, each once, in one query."""
    editors = get_user_model().objects.filter(
        groups__name=EDITORS_GROUP, is_active=True, is_staff=True
    )
    addresses = [*settings.MODERATORS, *editors.exclude(email="").values_list("email", flat=True)]
    return list(dict.fromkeys(addresses))


def submission_status_url(submission: Submission, site_url: str) -> str:
    """The submitter's private link to their submission's status, in their language."""
    with translation.override(submission.language or settings.LANGUAGE_CODE):
        path = reverse("spaces:space-submission-status", args=[submission.status_token()])
    return f"{site_url}{path}"


@transaction.atomic
def submit_space(
    *,
    space: Space,
    city: City,
    name: str,
    email: str,
    message: str = "",
    language: str = "",
    site_url: str = "",
    services: Iterable[Service] = (),
    equipment: Iterable[Equipment] = (),
    parts: Iterable[SpacePart] = (),
) -> Submission:
    """Store a space proposed on the site as pending, with who proposed it, and tell them and
    the moderators (with the listings it may duplicate).

    `space` is unsaved (the form's instance), and so are its `parts` (opening hours, plans,
    photos) and `city` when the visitor named one not stored yet: that city is saved pending,
    hidden until a moderator approves the space. `site_url` is the site's absolute root.
    """
    if city._state.adding:
        if not city.timezone and city.latitude is None:
            # The gazetteer did not know the town: the space's own point tells its zone.
            city.timezone = gazetteer.timezone_at(space.latitude, space.longitude)
        city.slug = unique_slug(City, city.name_en or city.name_zh)
        city.save()
    space.city = city
    space.status = Space.Status.PENDING
    space.verified = False
    space.last_checked_on = None
    space.slug = unique_slug(Space, space.name_en or space.name_zh)
    space.save()
    space.services.set(services)
    space.equipment.set(equipment)
    for position, part in enumerate(parts):
        part.space = space
        if hasattr(part, "position"):
            part.position = position
        part.save()
    submission = Submission.objects.create(
        space=space, name=name, email=email, message=message, language=language
    )
    duplicates = list(space.likely_duplicates().select_related("city"))
    status_url = submission_status_url(submission, site_url)
    recipients = moderator_emails()
    if recipients:
        send_templated_email(
            template="emails/moderation/submitted",
            context={
                "space": space,
                "submission": submission,
                "duplicates": duplicates,
                "site_url": site_url,
                "review_url": site_url + reverse("admin:spaces_space_change", args=[space.pk]),
            },
            to=recipients,
            language=settings.LANGUAGE_CODE,
            reply_to=[email],
        )
    else:
        logger.warning("Space %s was submitted, and no moderator is set to hear of it.", space.pk)
    send_templated_email(
        template="emails/moderation/received",
        context={"space": space, "submission": submission, "status_url": status_url},
        to=[email],
        language=language,
        reply_to=settings.MODERATORS or None,
    )
    return submission


DECIDED_STATUS = {
    Review.Decision.APPROVED: Space.Status.PUBLISHED,
    Review.Decision.NEEDS_INFO: Space.Status.PENDING,
    Review.Decision.REJECTED: Space.Status.REJECTED,
}


@transaction.atomic
def decide_submission(
    *,
    space: Space,
    decision: str,
    reason: str = "",
    decided_by: AbstractBaseUser,
    site_url: str = "",
) -> Review:
    """An editor approves a space (it is published), asks for more information (it stays
    pending) or rejects it, with a reason the submitter reads by email and on the status page.
    """
    reason = reason.strip()
    if decision != Review.Decision.APPROVED and not reason:
        raise ValidationError({"reason": _("Say why, so the submitter knows what to do.")})
    review = Review.objects.create(
        space=space, decision=decision, reason=reason, decided_by=decided_by
    )
    space.status = DECIDED_STATUS[decision]
    space._history_user = decided_by
    space._change_reason = f"{review.get_decision_display()}: {reason}"[:100].rstrip(": ")
    space.save(update_fields=["status", "updated_at"])
    if decision == Review.Decision.APPROVED and space.city.status == City.Status.PENDING:
        # The city the visitor proposed with the space is published with it.
        space.city.status = City.Status.ACTIVE
        space.city._history_user = decided_by
        space.city._change_reason = _("Published with %(space)s") % {"space": space}
        space.city.save(update_fields=["status", "updated_at"])
    submission = Submission.objects.filter(space=space).first()
    if submission is not None:
        send_templated_email(
            template="emails/moderation/decided",
            context={
                "space": space,
                "review": review,
                "status_url": submission_status_url(submission, site_url),
                "space_url": site_url + _space_path(space, submission.language),
            },
            to=[submission.email],
            language=submission.language,
            reply_to=settings.MODERATORS or None,
        )
    return review


@transaction.atomic
def delete_spaces(*, spaces: Iterable[Space]) -> None:
    """Delete spaces, and with them the cities proposed for them that nothing else uses.

    A rejected listing keeps its pending city while it is kept (an editor may still change
    their mind and approve it); once the listing is deleted, so is that city, which no
    page showed.
    """
    spaces = list(spaces)
    city_ids = {space.city_id for space in spaces}
    for space in spaces:
        space.delete()
    City.objects.filter(pk__in=city_ids, status=City.Status.PENDING).exclude(
        Exists(Space.objects.filter(city=OuterRef("pk")))
    ).delete()


def _space_path(space: Space, language: str) -> str:
    with translation.override(language or settings.LANGUAGE_CODE):
        return space.get_absolute_url()


@transaction.atomic
def mark_spaces_checked(
    *, spaces: Iterable[Space], verified: bool, checked_by: AbstractBaseUser
) -> int:
    """Staff confirmed these listings today: set their verified badge and last-checked date.

    Each change is recorded in the spaces' history, in a fixed number of queries.
    """
    spaces = list(spaces)
    now = timezone.now()
    for space in spaces:
        space.verified = verified
        space.last_checked_on = timezone.localdate(now)
        space.updated_at = now
    return bulk_update_with_history(
        spaces,
        Space,
        ["verified", "last_checked_on", "updated_at"],
        default_user=checked_by,
        default_change_reason=_("Checked and verified")
        if verified
        else _("Verified badge removed"),
    )
