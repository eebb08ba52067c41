"""Sums kept on a project: its rounds' count and money, whatever added, changed or removed one."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import FundingRound, Project


@receiver(post_save, sender=FundingRound)
@receiver(post_delete, sender=FundingRound)
def recount_project_raised(sender, instance: FundingRound, raw=False, **kwargs):
    if not raw:
        Project.objects.filter(pk=instance.project_id).recount_raised()
