"""Language choice for an Indonesian shop."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from storefront.languages import is_offered


class ShopLanguageMiddleware:
    """Serve Indonesian unless the visitor picked another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on many
    Indonesian phones still says English; the shop's own language is the better default. A
    language the owner stopped offering (Basa Sunda) falls back to Indonesian.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and is_offered(chosen, request) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
