from oscar.apps.analytics import apps


class AnalyticsConfig(apps.AnalyticsConfig):
    """Oscar's analytics app (models, label and migrations stay Oscar's: ``name`` is unchanged)
    with race-safe counters: its receivers that count views, basket additions and purchases are
    replaced by the shop's (see ``receivers``)."""

    def ready(self):
        super().ready()
        from storefront.analytics import receivers

        receivers.replace_oscar_counters()
