"""Sync bookkeeping: what partners need to notice every change, whatever made it.

Deletions leave a Tombstone; a change to a row shown inside another (a plan inside its
space, a round inside its project), to a row whose summary another shows (a space's city)
or to a many-to-many link bumps that other row's `updated_at`. So a row's own, indexed
`updated_at` is when anything its representation shows changed: lists order, page and
filter on it without looking at other tables. Signals, not save(), because cascades,
queryset deletes and `.add()` bypass save().
"""

from functools import cache

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from maker2.models import TimeStampedModel

from .models import Equipment, MembershipPlan, Service, Space, Tombstone


def touch(model, pks) -> None:
    model._base_manager.filter(pk__in=list(pks)).update(updated_at=timezone.now())


def touch_parents(instance: TimeStampedModel) -> None:
    for name in instance.sync_parents:
        field = instance._meta.get_field(name)
        pk = getattr(instance, field.attname)
        if pk is not None:
            touch(field.related_model, [pk])


@cache
def embedders(model: type[models.Model]) -> tuple[tuple[type[TimeStampedModel], str], ...]:
    """(model, path) of every `sync_embeds` path that ends at `model`: the rows showing it."""
    found = []
    for other in apps.get_models():
        if not issubclass(other, TimeStampedModel):
            continue
        for path in other.sync_embeds:
            target = other
            for name in path.split("__"):
                target = target._meta.get_field(name).related_model
            if target is model:
                found.append((other, path))
    return tuple(found)


def touch_embedders(instance: TimeStampedModel) -> None:
    """Rows that show a summary of `instance` (its names, slug) change with it. One level
    only: a plan's change bumps its space, but the space's summary, which a maker's
    memberships show, stays the same. They take the instance's time: they changed when it did."""
    for model, path in embedders(type(instance)):
        model._base_manager.filter(**{path: instance.pk}).update(updated_at=instance.updated_at)


@receiver(post_save)
def mark_parents_changed(sender, instance, raw=False, **kwargs):
    if isinstance(instance, TimeStampedModel) and not raw:
        touch_parents(instance)
        touch_embedders(instance)


@receiver(post_delete)
def leave_tombstone(sender, instance, **kwargs):
    if not isinstance(instance, TimeStampedModel):
        return
    Tombstone.objects.create(
        model=instance._meta.label_lower, object_id=instance.pk, slug=getattr(instance, "slug", "")
    )
    touch_parents(instance)


@receiver(pre_delete)
def mark_referrers_changed(sender, instance, **kwargs):
    """Rows that show this one and outlive it change too: a project incubated by a deleted
    space loses a many-to-many link, a maker of a deleted city has its key set to NULL, and
    neither sends a signal of its own."""
    if not isinstance(instance, TimeStampedModel):
        return
    for relation in instance._meta.related_objects:
        referrer = relation.related_model
        if not issubclass(referrer, TimeStampedModel):
            continue
        if relation.many_to_many or relation.on_delete in (models.SET_NULL, models.SET_DEFAULT):
            referrer._base_manager.filter(**{relation.field.name: instance}).update(
                updated_at=timezone.now()
            )


@receiver(m2m_changed)
def mark_linked_rows_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, TimeStampedModel) and not reverse:
        touch(type(instance), [instance.pk])
    elif reverse and issubclass(model, TimeStampedModel):
        if action == "pre_clear":
            field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
            pk_set = model._base_manager.filter(**{field.name: instance}).values_list(
                "pk", flat=True
            )
        touch(model, pk_set or [])


# Search: the names of what a space offers, kept in its `search_offers` column (see
# SpaceQuerySet.store_search_offers) whatever adds, renames or removes one.


@receiver(post_save, sender=MembershipPlan)
@receiver(post_delete, sender=MembershipPlan)
def store_plan_names(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not deleting_spaces(origin):
        Space.objects.filter(pk=instance.space_id).store_search_offers()


def deleting_spaces(origin) -> bool:
    """Whether a deletion started at spaces (a space, a queryset of them): then their parts
    go too, and there is nothing left to keep searchable."""
    return getattr(origin, "model", type(origin)) is Space


@receiver(post_save, sender=Service)
@receiver(post_save, sender=Equipment)
def store_renamed_offer(sender, instance, raw=False, **kwargs):
    """A renamed service or piece of equipment: every space that has it, in one pass."""
    if not raw:
        instance.spaces.all().store_search_offers()


@receiver(pre_delete, sender=Service)
@receiver(pre_delete, sender=Equipment)
def remember_offering_spaces(sender, instance, **kwargs):
    # The cascade removes the links without an m2m_changed signal.
    instance._offered_by = list(instance.spaces.values_list("pk", flat=True))


@receiver(post_delete, sender=Service)
@receiver(post_delete, sender=Equipment)
def store_removed_offer(sender, instance, **kwargs):
    Space.objects.filter(pk__in=getattr(instance, "_offered_by", [])).store_search_offers()


@receiver(m2m_changed, sender=Space.services.through)
@receiver(m2m_changed, sender=Space.equipment.through)
def store_linked_offers(sender, instance, action, reverse, pk_set, **kwargs):
    """`space.services.add(…)` changes one space; `service.spaces.add(…)` those in pk_set,
    and `service.spaces.clear()` those it had, noted before they go."""
    if reverse and action == "pre_clear":
        instance._offered_by = list(instance.spaces.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        spaces = [instance.pk]
    elif action == "post_clear":
        spaces = instance.__dict__.pop("_offered_by", [])
    else:
        spaces = pk_set or []
    Space.objects.filter(pk__in=spaces).store_search_offers()
