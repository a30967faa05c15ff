"""The marker left by ``generate_scale_data``: the bench only runs on a database that has one."""

from django.db import models


class ScaleDataRun(models.Model):
    """One run of ``generate_scale_data`` on this database (what it made and how fast)."""

    created_at = models.DateTimeField(auto_now_add=True)
    customers = models.PositiveIntegerField()
    orders = models.PositiveIntegerField()
    order_lines = models.PositiveIntegerField()
    products = models.PositiveIntegerField()
    seconds = models.FloatField()

    def __str__(self):
        return f"{self.customers} customers, {self.order_lines} order lines ({self.created_at:%Y-%m-%d})"
