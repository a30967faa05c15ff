"""Settings shared by every mode.

Every value that differs between a laptop and production is read from the environment
(django-environ) with a default that works on a fresh machine with no servers: SQLite and a
filesystem Celery broker under ``var/``, product search in the database.
"""

import sys
from pathlib import Path

import environ
from csp.constants import NONCE, SELF, UNSAFE_INLINE
from django.conf.locale import LANG_INFO
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403  (Oscar's documented way to get its defaults)

from core import order_statuses
from crm import schedule as crm_schedule
from loyalty import schedule as loyalty_schedule
from notifications import schedule as notifications_schedule
from storefront import schedule as storefront_schedule
from storefront.dashboard import menu as dashboard_menu

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(environ.Env().str("LANGGANAN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; missing file is fine

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

INSTALLED_APPS = [
    # Own apps first so that their templates and translations win.
    "core.apps.CoreConfig",
    "storefront.users.apps.UsersConfig",
    "storefront.apps.StorefrontConfig",
    "loyalty.apps.LoyaltyConfig",
    "loyalty.dashboard.apps.LoyaltyDashboardConfig",
    "crm.apps.CrmConfig",
    "crm.dashboard.apps.CrmDashboardConfig",
    "cms.apps.CmsConfig",
    "notifications.apps.NotificationsConfig",  # the outbox (e-mail now, WhatsApp later)
    "bench.apps.BenchConfig",  # generate_scale_data's marker (make bench)
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",  # Oscar's pages dashboard needs it (see docs/oscar-wagtail.md)
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Oscar (forked apps point at storefront.*)
    "storefront.config.Shop",
    "storefront.analytics.apps.AnalyticsConfig",  # Oscar's, with race-safe counters
    "storefront.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "storefront.shipping.apps.ShippingConfig",
    "storefront.catalogue.apps.CatalogueConfig",  # Oscar's, with a prefetching product page
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "oscar.apps.partner.apps.PartnerConfig",
    "storefront.basket_app.BasketConfig",  # Oscar's, its page's own part kept (storefront/basket_page.py)
    "storefront.payment.apps.PaymentConfig",
    "storefront.offer.apps.OfferConfig",
    "storefront.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "storefront.search.apps.SearchConfig",  # bulk-loads the products of a result page
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "storefront.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "storefront.dashboard.users.apps.UsersDashboardConfig",  # column titles translated
    "storefront.dashboard.orders.apps.OrdersDashboardConfig",
    "storefront.dashboard.catalogue.apps.CatalogueDashboardConfig",  # photos processed on upload
    "storefront.dashboard.quickcatalogue.apps.QuickCatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",  # before wagtail.search: both ship update_index (docs/oscar-wagtail.md)
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail
    "wagtail.contrib.forms",
    "cms.apps.RedirectsConfig",  # Wagtail's, without its JSON API (docs/performance.md)
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "cms.apps.SnippetsConfig",  # these three: Wagtail's, without its JSON API (docs/performance.md)
    "cms.apps.DocumentsConfig",
    "cms.apps.ImagesConfig",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Tools
    "axes",
    "csp",
    "staff",
]

MIDDLEWARE = [
    "storefront.security.SameSiteCookiesMiddleware",  # first: sees every cookie set below
    "django.middleware.security.SecurityMiddleware",
    "storefront.content_security.ShopCSPMiddleware",  # django-csp; the Wagtail admin has its own policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed when no proxy does (GZIP_ENABLED; BREACH: docs/performance.md). Below
    # whitenoise, which serves its own pre-compressed static files.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "storefront.middleware.ShopLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "staff.middleware.DashboardRolesMiddleware",  # a helper gets 403 outside their role
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "storefront.basket.BasketMiddleware",  # Oscar's, lines prefetched (storefront/basket.py)
    "storefront.page_cache.AnonymousPageCacheMiddleware",  # shared pages for anonymous visitors
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "storefront.security.PasswordResetThrottleMiddleware",
    # Last: it only acts on failed logins recorded by the backend.
    "axes.middleware.AxesMiddleware",
]

if not env.bool("GZIP_ENABLED", default=True):
    MIDDLEWARE.remove("django.middleware.gzip.GZipMiddleware")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # storefront/templates is the storefront app's directory; in DIRS too, an override that
        # extends Oscar's template of the same name would have two origins and render twice.
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "storefront.context_processors.search_form",  # built only where used
                "oscar.apps.checkout.context_processors.checkout",
                "storefront.context_processors.notifications",  # counted only where shown
                "oscar.core.context_processors.metadata",  # its shop_name replaced by the owner's:
                "storefront.context_processors.shop_name",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "libraries": {"currency_filters": "core.prices"},  # the one price format, no Babel data
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production)
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'langganan.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # Oscar expects it
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    # Connections kept for 10 minutes: a new PostgreSQL connection (a process forked, the password
    # checked) is a request's slowest step, every minute per worker with the old 60 s. A
    # connection the server dropped meanwhile is noticed at the start of a request, not as a 500.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)

# ---------------------------------------------------------------------------
# Cache: local memory by default, Redis when REDIS_URL is set
# ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "storefront.redis_cache.RedisCache",  # one client per pool, not per call
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "langganan",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# sorl-thumbnail looks every thumbnail up in its key-value store (a table with a cache in front).
# That cache is each process's own memory, not Redis: a product list shows 20 thumbnails, and
# 20 Redis round trips (≈ 1 ms each here) cost as much as rendering the rest of the page. The
# entries describe thumbnail files, which do not change; a deleted photo's entries are dropped in
# the process that deletes it and age out of the others after THUMBNAIL_CACHE_TIMEOUT.
CACHES["thumbnails"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "thumbnails",
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
THUMBNAIL_CACHE = "thumbnails"
THUMBNAIL_CACHE_TIMEOUT = 60 * 60
# Each process's copy of values under versioned keys (core.caching.keep): settings rows, menu, shop details.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "versioned",
                   "OPTIONS": {"MAX_ENTRIES": 2000}}

# Whole pages for anonymous visitors (storefront/page_cache.py); off in the test settings.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)

# ---------------------------------------------------------------------------
# Celery: a filesystem broker under var/ needs no server; Redis in production
# ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task gets the task redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Each app lists its periodic tasks in its own schedule.py (documented in docs/operations.md).
CELERY_BEAT_SCHEDULE = {
    **storefront_schedule.BEAT_SCHEDULE,
    **loyalty_schedule.BEAT_SCHEDULE,
    **crm_schedule.BEAT_SCHEDULE,
    **notifications_schedule.BEAT_SCHEDULE,
}

# ---------------------------------------------------------------------------
# Language, time, money
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "id"
# Basa Sunda is offered to buyers only when the owner turns it on (storefront/languages.py);
# anything not yet translated into it shows in Indonesian (Django falls back to LANGUAGE_CODE).
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English"), ("su", "Basa Sunda")]
# Django knows no Sundanese: its name, and Indonesian date and number formats
# (storefront/formats/su).
LANG_INFO["su"] = {"bidi": False, "code": "su", "name": "Sundanese", "name_local": "Basa Sunda"}
FORMAT_MODULE_PATH = ["storefront.formats"]
# The shop's own words first, then its wording of the Oscar, Django and Wagtail screens buyers
# and the owner see (hand-maintained, docs/glossary.md); both win over the frameworks' catalogues.
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "framework_wording" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("id", "Bahasa Indonesia")]
# Wagtail's Indonesian catalogue is "id_ID": Django loads it for "id-id" (cms/receivers.py).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id-id", "Bahasa Indonesia"), ("en", "English")]

OSCAR_DEFAULT_CURRENCY = "IDR"
# Prices are formatted by core.prices ("Rp 15.000"); Oscar's Python code (offer and basket texts)
# still formats through Babel with this, to the same text (tests/unit/test_prices.py).
OSCAR_CURRENCY_FORMAT = {"IDR": {"format": "¤\u00a0#,##0", "locale": "id_ID", "currency_digits": False}}

# ---------------------------------------------------------------------------
# Static and media
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Payment receipts: never under MEDIA_ROOT, served only by a permission-checked view.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------------------
# Accounts and security
# ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "storefront.users.backends.ShopAxesBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = "/shop/accounts/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out phone can try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Count attempts against the account the login reaches, whatever the letter case typed.
AXES_USERNAME_CALLABLE = "storefront.users.login_names.axes_username"
AXES_LOCKOUT_TEMPLATE = "storefront/lockout.html"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview uses frames
# W019 asks for X_FRAME_OPTIONS = "DENY": Wagtail's page preview shows the page in a frame of
# the same site; other sites still cannot frame the shop (SAMEORIGIN + CSP frame-ancestors).
SILENCED_SYSTEM_CHECKS = ["security.W019", "templates.W003"]  # W003: core.prices, TEMPLATES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True  # read by the server only (the switcher is a form)
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Password reset: at most this many requests per hour from one IP address and for one e-mail
# (storefront/security.py), so the form cannot be used to flood somebody's inbox.
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)

# Content-Security-Policy (django-csp 4). Everything from the shop's own origin only: no CDN,
# no third-party scripts, no plugins, no framing by other sites. Scripts: only the shop's own
# files, plus the dashboard's one inline start-up script carrying the request's nonce
# (oscar/base.html); buyer pages have no inline script at all (shop.js starts itself). Styles
# keep 'unsafe-inline' (Oscar's and Wagtail's templates use style attributes). The Wagtail admin
# (/cms/) gets its own, looser script policy (storefront/content_security.py). See docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}
# Wagtail 8's admin writes inline scripts (page listing, page editor): 'unsafe-inline' there only.
CMS_ADMIN_PATH = "/cms/"
CMS_ADMIN_SCRIPT_SRC = [SELF, UNSAFE_INLINE]
# The Wagtail admin would otherwise load avatars from gravatar.com and ask releases.wagtail.org
# for new versions: both third-party requests the CSP refuses (and the owner does not need).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# ---------------------------------------------------------------------------
# E-mail: printed to the console unless EMAIL_URL is set (smtp://user:pass@host:587)
# ---------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Toko Langganan <toko@langganan.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------
# Search: the database answers browsing and search words (storefront/search/browse.py); a
# shop with a catalogue too big for that can send search words to Solr (HAYSTACK_SOLR_URL).
# ---------------------------------------------------------------------------
HAYSTACK_SOLR_URL = env.str("HAYSTACK_SOLR_URL", default="")
if HAYSTACK_SOLR_URL:
    HAYSTACK_CONNECTIONS = {
        "default": {"ENGINE": "haystack.backends.solr_backend.SolrEngine", "URL": HAYSTACK_SOLR_URL}
    }
else:
    # No index to keep: haystack's simple engine is never asked, and product saves update nothing.
    HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
    HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# ---------------------------------------------------------------------------
# Oscar
# ---------------------------------------------------------------------------
OSCAR_SHOP_NAME = env.str("SHOP_NAME", default="Toko Langganan")
OSCAR_SHOP_TAGLINE = ""
OSCAR_IMAGE_FOLDER = "oscar/products/%Y/%m/"  # keep clear of Wagtail's images/ folder
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
THUMBNAIL_QUALITY = 80  # sorl-thumbnail: list thumbnails for buyers on slow phone data (default 95)
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
OSCAR_PRODUCTS_PER_PAGE = 20
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "state", "postcode", "country")

# Search filters: price bands in Rupiah (Oscar's defaults are 0–20, 20–40 … in pounds). No
# "type" or "rating" facets: a small shop has one product type. The catalogue, category and
# search pages count the bands in the database (storefront/search/browse.py), or Solr.
OSCAR_SEARCH_FACETS = {
    "fields": {},
    "queries": {
        "price_range": {
            "name": _("Price range"),
            "field": "price",
            "queries": [
                (_("Under Rp 50.000"), "[0 TO 50000]"),
                (_("Rp 50.000 to 100.000"), "[50000 TO 100000]"),
                (_("Rp 100.000 to 250.000"), "[100000 TO 250000]"),
                (_("Over Rp 250.000"), "[250000 TO *]"),
            ],
        }
    },
}

OSCAR_INITIAL_ORDER_STATUS = order_statuses.PENDING_PAYMENT
OSCAR_INITIAL_LINE_STATUS = order_statuses.PENDING_PAYMENT
OSCAR_ORDER_STATUS_PIPELINE = order_statuses.ORDER_PIPELINE
OSCAR_LINE_STATUS_PIPELINE = order_statuses.ORDER_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = {status: status for status in order_statuses.ORDER_PIPELINE}

# The owner's one menu: six places, their entries the places' tabs (storefront/dashboard/menu.py).
OSCAR_DASHBOARD_NAVIGATION = dashboard_menu.NAVIGATION
# Every menu entry is shown only to staff whose role may open it (staff/roles.py).
OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION = "staff.roles.dashboard_access"

# ---------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = OSCAR_SHOP_NAME
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx", "docx", "txt"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # refuses decompression bombs
# The shop's photo types only, each decoded completely and stored without metadata.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Willow loads pillow_heif (~7 MB a process) for types refused above; None: as if absent (docs/performance.md)
sys.modules.setdefault("pillow_heif", None)
WAGTAILIMAGES_IMAGE_FORM_BASE = "storefront.wagtail_images.CheckedImageForm"

# ---------------------------------------------------------------------------
# Shop
# ---------------------------------------------------------------------------
SHOP_WHATSAPP_NUMBER = env.str("SHOP_WHATSAPP_NUMBER", default="6281234567890")
SITE_URL = WAGTAILADMIN_BASE_URL

# ---------------------------------------------------------------------------
# Payment gateways (docs/providers.md). Each one switches on with its keys; without keys the
# shop offers only its manual methods (transfer, QRIS image, cash on delivery).
# ---------------------------------------------------------------------------
PAYMENT_GATEWAYS = ["storefront.payment.gateways.midtrans"]
MIDTRANS_SERVER_KEY = env.str("MIDTRANS_SERVER_KEY", default="")
MIDTRANS_CLIENT_KEY = env.str("MIDTRANS_CLIENT_KEY", default="")
MIDTRANS_IS_PRODUCTION = env.bool("MIDTRANS_IS_PRODUCTION", default=False)
# Defaults follow MIDTRANS_IS_PRODUCTION; set them to point at a local stand-in (tests, staging).
MIDTRANS_API_BASE_URL = env.str(
    "MIDTRANS_API_BASE_URL",
    default="https://api.midtrans.com" if MIDTRANS_IS_PRODUCTION else "https://api.sandbox.midtrans.com",
)
MIDTRANS_SNAP_BASE_URL = env.str(
    "MIDTRANS_SNAP_BASE_URL",
    default="https://app.midtrans.com/snap/v1"
    if MIDTRANS_IS_PRODUCTION
    else "https://app.sandbox.midtrans.com/snap/v1",
)
MIDTRANS_TIMEOUT = env.float("MIDTRANS_TIMEOUT", default=10.0)

# Courier rates and tracking (docs/providers.md): with a key, the shipping step quotes couriers
# for the parcel's weight and destination; without it (or when Biteship is slow or down) the
# flat province rates are offered.
BITESHIP_API_KEY = env.str("BITESHIP_API_KEY", default="")
BITESHIP_API_BASE_URL = env.str("BITESHIP_API_BASE_URL", default="https://api.biteship.com")
BITESHIP_COURIERS = env.str("BITESHIP_COURIERS", default="jne,jnt,sicepat,pos,anteraja")
BITESHIP_TIMEOUT = env.float("BITESHIP_TIMEOUT", default=3.0)  # never more than 3 s

# WhatsApp Cloud API: order notices and the owner's alerts (docs/providers.md).
from storefront.settings.whatsapp import *  # noqa: E402,F401,F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
