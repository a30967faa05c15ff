from oscar import config


class Shop(config.Shop):
    """Oscar's shop URLs without the dashboard: the project mounts it at /dashboard/
    (docs/oscar-wagtail.md), so it must not also answer under /shop/dashboard/."""

    def get_urls(self):
        return [url for url in super().get_urls() if str(url.pattern) != "dashboard/"]
