"""Oscar's basket app whose summary page keeps its own part drawn (``storefront.basket_page``)."""

from oscar.apps.basket import apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket app; its summary view is ``storefront.basket_page.BasketView``."""

    def ready(self):
        super().ready()
        from storefront.basket_page import BasketView  # models must be loaded first

        self.summary_view = BasketView
