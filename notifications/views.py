"""The WhatsApp Cloud API webhook (docs/providers.md): Meta's set-up handshake and the
delivery statuses of the shop's messages."""

import logging

from django import http
from django.conf import settings
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.views import generic
from django.views.decorators.csrf import csrf_exempt

from . import whatsapp_cloud

logger = logging.getLogger(__name__)


@method_decorator(csrf_exempt, name="dispatch")
class WhatsAppWebhookView(generic.View):
    """No CSRF token (Meta's servers call it). A 404 while WhatsApp has no keys; GET answers
    the handshake with the verify token; a POST not signed with the app secret gets 403."""

    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not whatsapp_cloud.is_configured():
            raise http.Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        token = settings.WHATSAPP_VERIFY_TOKEN
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and constant_time_compare(request.GET.get("hub.verify_token", ""), token)
        ):
            return http.HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return http.HttpResponseForbidden("wrong verify token")

    def post(self, request):
        try:
            whatsapp_cloud.verify_signature(request.body, request.headers.get("X-Hub-Signature-256"))
            changed = whatsapp_cloud.record_statuses(request.body)
        except whatsapp_cloud.InvalidWebhook as error:
            logger.warning("Refused a WhatsApp webhook call: %s", error)
            return http.HttpResponseForbidden("invalid signature")
        return http.JsonResponse({"updated": changed})
