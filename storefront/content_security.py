"""The Content-Security-Policy per part of the site.

Buyer pages and the owner's dashboard get ``CONTENT_SECURITY_POLICY`` as it is: scripts only
from the shop's own files, plus the dashboard's one start-up script that carries the request's
nonce. The Wagtail admin (``/cms/``) cannot live with that: Wagtail 8's page listing and page
editor still write inline ``<script>`` elements (some from its bundled JavaScript), so its
``script-src`` is replaced by ``CMS_ADMIN_SCRIPT_SRC`` ('self' and 'unsafe-inline', without a
nonce, which would make browsers ignore 'unsafe-inline'). Every other directive — no third
party, no plugins, no framing — holds there too.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ShopCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the Wagtail admin's own script policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not request.path_info.startswith(settings.CMS_ADMIN_PATH):
            return parts
        replace = {**(parts.replace or {}), "script-src": settings.CMS_ADMIN_SCRIPT_SRC}
        return PolicyParts(parts.config, parts.update, replace, nonce=None)
