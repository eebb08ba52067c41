"""Model building blocks shared by the apps: timestamps for sync, bilingual text."""

from django.db import models
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    """Every public model carries indexed timestamps: partners sync on `updated_at`."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Foreign keys to the rows a partner sees this one inside of (a plan inside its space):
    # saving or deleting this row marks those as changed too. See spaces/signals.py.
    sync_parents: tuple[str, ...] = ()

    class Meta:
        abstract = True


def prefers_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


class Localized:
    """Read `<field>_en` / `<field>_zh` in the active language, falling back to the other.

    `name = Localized()` on a model with `name_en` and `name_zh` makes `obj.name` the text a
    visitor should see: Chinese for a Chinese page when there is any, English otherwise.
    """

    def __set_name__(self, owner, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        english = getattr(instance, f"{self.attribute}_en")
        chinese = getattr(instance, f"{self.attribute}_zh")
        if prefers_chinese():
            return chinese or english
        return english or chinese


def either_language_required(field: str, model: str) -> models.CheckConstraint:
    """A bilingual text may lack one language, never both."""
    return models.CheckConstraint(
        condition=~models.Q(**{f"{field}_en": "", f"{field}_zh": ""}),
        name=f"{model}_{field}_in_some_language",
    )
