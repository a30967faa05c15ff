"""The one way to keep and read the owner's one-row settings tables (loyalty, payment, shipping)."""
from django.db import models

from core import caching


class SettingsRow(models.Model):
    """A table of the owner's settings that holds exactly one row (primary key 1).

    ``load()`` is how everything reads it: the saved row, or an unsaved row with the model's
    defaults until the owner saves the form the first time, so a page view never writes.
    The row is kept in the ``settings`` cache namespace (read on every product card, basket and
    checkout step) and ``save()`` makes every process read the new values at once."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        caching.bump(caching.SETTINGS)

    @classmethod
    def load(cls):
        """The shop's settings row of this kind (see the class docstring)."""
        return caching.cached(
            caching.SETTINGS,
            f"row:{cls._meta.label_lower}",
            lambda: cls.objects.filter(pk=1).first() or cls(pk=1),
        )
