from oscar.apps.offer.models import *  # noqa: F401,F403

# The loyalty discounts' custom condition/benefit proxies must be registered with the app.
from storefront.offer.points import (  # noqa: E402,F401 isort:skip
    PointsChosenCondition,
    PointsDiscountBenefit,
    RewardCondition,
)
