from oscar.apps.offer.models import *  # noqa: F401,F403
