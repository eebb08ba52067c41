"""Workflows about makers that touch several models, files or email."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maker2.mail import send_templated_email
from maker2.slugs import unique_slug
from spaces.models import Space, TourRequest

from .forms import MakerProfileForm
from .models import (
    CheckReminder,
    JoinRequest,
    Maker,
    ManagementGrant,
    Membership,
    manager_emails,
    spaces_managed_by,
)

logger = logging.getLogger(__name__)


# Profiles


@transaction.atomic
def save_profile(
    *, user: AbstractBaseUser, form: MakerProfileForm, links: BaseInlineFormSet
) -> Maker:
    """Save a maker's own profile and links, creating the profile on its first save.

    A replaced or cleared avatar's files go with the old value (django-cleanup).
    """
    maker = form.save(commit=False)
    if maker.pk is None:
        maker.user = user
        maker.slug = unique_slug(Maker, maker.display_name, person=True)
    maker.save()
    form.save_m2m()
    links.instance = maker
    links.save()
    return maker


# Join requests


@transaction.atomic
def request_to_join(
    *, maker: Maker, space: Space, message: str = "", site_url: str = ""
) -> JoinRequest:
    """Ask to join a space for `maker`; its managers hear of it by email."""
    if Membership.objects.current().filter(maker=maker, space=space).exists():
        raise ValidationError(_("You are already a member of this space."))
    if JoinRequest.objects.pending().filter(maker=maker, space=space).exists():
        raise ValidationError(_("You have already asked to join this space."))
    join_request = JoinRequest.objects.create(maker=maker, space=space, message=message)
    recipients = manager_emails(space)
    if recipients:
        context = {"join_request": join_request, "site_url": site_url}
        send_templated_email(template="emails/joins/requested", context=context, to=recipients)
    else:
        logger.warning("Join request %s: %s has no manager to decide.", join_request.pk, space)
    return join_request


def _decide(
    join_request: JoinRequest, by: AbstractBaseUser, status: str, site_url: str
) -> JoinRequest:
    """Record a manager's decision, refusing anyone who does not manage the space."""
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("maker__user", "space")
        .get(pk=join_request.pk)
    )
    if not spaces_managed_by(by).filter(pk=join_request.space_id).exists():
        raise PermissionDenied(f"{by} does not manage {join_request.space}.")
    if not join_request.is_pending:
        raise ValidationError(_("This request has already been decided."))
    join_request.status = status
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    user = join_request.maker.user
    if user is not None and user.email:
        context = {"join_request": join_request, "site_url": site_url}
        send_templated_email(template="emails/joins/decided", context=context, to=[user.email])
    return join_request


@transaction.atomic
def approve_join_request(
    *, join_request: JoinRequest, by: AbstractBaseUser, site_url: str = ""
) -> Membership:
    """Approve a pending request: the maker becomes a member of the space from today."""
    join_request = _decide(join_request, by, JoinRequest.Status.APPROVED, site_url)
    membership, _created = Membership.objects.current().get_or_create(
        maker=join_request.maker,
        space=join_request.space,
        role=Membership.Role.MEMBER,
        defaults={"started_on": timezone.localdate()},
    )
    return membership


@transaction.atomic
def decline_join_request(
    *, join_request: JoinRequest, by: AbstractBaseUser, site_url: str = ""
) -> JoinRequest:
    return _decide(join_request, by, JoinRequest.Status.DECLINED, site_url)


# Listings due for a check


@transaction.atomic
def remind_managers_to_check(*, site_url: str = "") -> int:
    """Ask the managers of each published space not checked by staff for a year (or ever) to
    look at its listing, at most once per CHECK_REMINDER_INTERVAL_DAYS; how many were asked.

    Spaces without a manager are left to the editors (the admin's "last checked" filter).
    """
    now = timezone.now()
    year_ago = timezone.localdate(now) - timedelta(days=365)
    recently = now - timedelta(days=settings.CHECK_REMINDER_INTERVAL_DAYS)
    due = (
        Space.objects.published()
        .not_checked_since(year_ago)
        .exclude(check_reminder__sent_at__gte=recently)
        .select_related("city")
        .order_by("pk")
    )
    reminded = []
    for space in due:
        recipients = manager_emails(space)
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            space_path = space.get_absolute_url()
        send_templated_email(
            template="emails/checks/due",
            context={
                "space": space,
                "change_url": site_url + reverse("admin:spaces_space_change", args=[space.pk]),
                "space_url": site_url + space_path,
            },
            to=recipients,
            language=settings.LANGUAGE_CODE,
            reply_to=settings.MODERATORS or None,
        )
        reminded.append(space)
    CheckReminder.objects.bulk_create(
        [CheckReminder(space=space, sent_at=now) for space in reminded],
        update_conflicts=True,
        unique_fields=["space"],
        update_fields=["sent_at"],
    )
    return len(reminded)


# Expired personal data


def purge_expired_requests() -> dict[str, int]:
    """Delete join requests decided more than JOIN_REQUESTS_KEPT_DAYS ago; pending ones stay
    until their managers decide. What was deleted, by kind."""
    cutoff = timezone.now() - timedelta(days=settings.JOIN_REQUESTS_KEPT_DAYS)
    deleted, _by_model = (
        JoinRequest.objects.exclude(status=JoinRequest.Status.PENDING)
        .filter(decided_at__lt=cutoff)
        .delete()
    )
    return {"join requests": deleted}


# Deleting an account


@transaction.atomic
def delete_account(*, user: AbstractBaseUser) -> None:
    """Delete a user and what is theirs: profile and its history, links, memberships,
    avatar, join and tour requests.

    Projects they worked on stay, without them in the team. Tour requests are theirs when
    sent from one of the account's email addresses. The avatar's files are deleted once
    the transaction commits (django-cleanup, on the maker's deletion).
    """
    maker = Maker.objects.filter(user=user).first()
    if maker is not None:
        maker_pk = maker.pk
        # Cascades to links, memberships, join requests and project-team links.
        maker.delete()
        # The edit history keeps copies of the profile (its deletion included): those go too.
        Maker.history.filter(id=maker_pk).delete()
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    addresses = {address for address in addresses | {user.email} if address}
    if addresses:
        by_address = Q()
        for address in addresses:
            by_address |= Q(email__iexact=address)
        TourRequest.objects.filter(by_address).delete()
    user.delete()


# Space management in admin

MANAGERS_GROUP = "Space managers"  # created with its permissions by members/migrations


@transaction.atomic
def grant_space_management(
    *, user: AbstractBaseUser, space: Space, granted_by: AbstractBaseUser | None = None
) -> ManagementGrant:
    """Let `user` edit `space` in admin: a grant, staff status and the Space managers group.

    Also the way into admin for a maker who manages a space through a manager membership,
    which counts the same (`spaces_managed_by`) but does not make its maker staff.
    """
    grant, _created = ManagementGrant.objects.get_or_create(
        user=user, space=space, defaults={"granted_by": granted_by}
    )
    user.groups.add(Group.objects.get(name=MANAGERS_GROUP))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return grant


@transaction.atomic
def revoke_space_management(*, user: AbstractBaseUser, space: Space) -> None:
    """Take back a grant; once `user` manages no space and has no other role in admin, they
    leave the Space managers group and admin. A manager membership, if any, stays: end it
    (set its end date) to stop that way of managing."""
    ManagementGrant.objects.filter(user=user, space=space).delete()
    if spaces_managed_by(user).exists():
        return
    user.groups.remove(Group.objects.get(name=MANAGERS_GROUP))
    if user.is_staff and not user.is_superuser and not user.groups.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
