"""Gateway notifications: the URL a payment gateway (Midtrans) posts status changes to."""

import logging

from django import http
from django.utils.decorators import method_decorator
from django.views import generic
from django.views.decorators.csrf import csrf_exempt

from storefront.payment import online
from storefront.payment.gateways import GatewayUnavailable, InvalidNotification

logger = logging.getLogger(__name__)


@method_decorator(csrf_exempt, name="dispatch")
class GatewayNotificationView(generic.View):
    """POST only, no CSRF token (the gateway's server sends it): a forged body is refused with
    403; when the gateway's status API cannot be reached the answer is 503, so the gateway sends
    the notification again later."""

    http_method_names = ["post"]

    def post(self, request, provider):
        try:
            result = online.receive_notification(provider, request.body)
        except LookupError:
            raise http.Http404 from None
        except InvalidNotification as error:
            logger.warning("Refused a %s notification: %s", provider, error)
            return http.HttpResponseForbidden("invalid notification")
        except GatewayUnavailable as error:
            logger.warning("Could not check a %s notification: %s", provider, error)
            return http.HttpResponse("status unavailable, retry later", status=503)
        logger.info("%s notification: %s", provider, result)
        return http.JsonResponse({"result": result})
