"""Authentication backends of the shop."""

from axes.backends import AxesStandaloneBackend


class ShopAxesBackend(AxesStandaloneBackend):
    """django-axes' login throttling, tolerant of Oscar's registration.

    Oscar's registration view signs the new buyer in with ``authenticate()`` without passing the
    request, which axes refuses with an exception (a 500 for every new buyer). Nothing needs
    throttling there — the password was chosen a moment ago — so such calls go on to the next
    backend; every login form still passes the request and stays throttled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
