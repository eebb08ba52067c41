"""Sums kept on a project: its rounds' count and money, whatever added, changed or removed one;
the skills a space's search finds, whatever changed a maker or a membership."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from spaces.models import Space

from .models import FundingRound, Maker, Membership, Project, store_space_skills


@receiver(post_save, sender=FundingRound)
@receiver(post_delete, sender=FundingRound)
def recount_project_raised(sender, instance: FundingRound, raw=False, **kwargs):
    if not raw:
        Project.objects.filter(pk=instance.project_id).recount_raised()


# Search: each space's `search_skills` holds its current public members' skills
# (store_space_skills). Written from here because spaces never imports members.


@receiver(post_save, sender=Maker)
def store_skills_of_maker(sender, instance: Maker, raw=False, **kwargs):
    """New skills, or a profile made public or hidden: every space the maker is in."""
    if not raw:
        store_space_skills(Space.objects.filter(memberships__maker=instance).distinct())


@receiver(pre_save, sender=Membership)
def remember_previous_space(sender, instance: Membership, raw=False, **kwargs):
    if not raw and not instance._state.adding:
        instance._previous_space_id = (
            Membership.objects.filter(pk=instance.pk).values_list("space_id", flat=True).first()
        )


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def store_skills_of_membership(sender, instance: Membership, raw=False, origin=None, **kwargs):
    """Joined, left (ended or deleted) or moved to another space: the spaces concerned. Not
    when a space's own deletion takes its memberships along."""
    if raw or getattr(origin, "model", type(origin)) is Space:
        return
    spaces = {instance.space_id, getattr(instance, "_previous_space_id", None)} - {None}
    store_space_skills(Space.objects.filter(pk__in=spaces))
