"""Which languages a buyer may choose: Indonesian and English always, Basa Sunda when the
owner offers it in the shop details (Wagtail settings, "Offer Basa Sunda to buyers")."""
from django.conf import settings

# Languages that only appear once the owner turns them on: code → ShopSettings field.
OPTIONAL_LANGUAGES = {"su": "offers_sundanese"}


def is_offered(code, request):
    """True when the shop offers language ``code`` to buyers on this request's site."""
    if code not in dict(settings.LANGUAGES):
        return False
    field = OPTIONAL_LANGUAGES.get(code)
    if field is None:
        return True
    from cms.navigation import shop_settings_for

    return bool(getattr(shop_settings_for(request), field, False))


def offered_languages(request):
    """The (code, name) pairs of the language switcher, in the order of ``LANGUAGES``."""
    return [(code, name) for code, name in settings.LANGUAGES if is_offered(code, request)]
