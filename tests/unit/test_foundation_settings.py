"""Project-wide guarantees: migrations committed, production refuses to start unsafely, Rupiah."""

import os
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from core.prices import currency
from storefront.templatetags.shop_tags import minutes

BASE_DIR = Path(__file__).resolve().parents[2]


def _run(args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_no_model_change_lacks_its_migration():
    # In a subprocess: pytest runs with --nomigrations, which would hide the migration files.
    result = _run(
        ["manage.py", "makemigrations", "--check", "--dry-run"],
        DJANGO_SETTINGS_MODULE="storefront.settings.test",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    result = _run(
        ["-c", "import django; django.setup()"],
        DJANGO_SETTINGS_MODULE="storefront.settings.production",
        ALLOWED_HOSTS="toko.example",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_start_with_secret_and_hosts():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    result = _run(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="storefront.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="toko.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['toko.example']"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("15000"), "Rp\xa015.000"),
        (Decimal("1250000.00"), "Rp\xa01.250.000"),
        (Decimal("0"), "Rp\xa00"),
    ],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_rupiah_is_shown_without_decimals_in_both_languages(amount, shown, language):
    with translation.override(language):
        assert currency(amount, "IDR") == shown


def test_lockout_minutes_round_up():
    assert minutes(timedelta(minutes=15)) == 15
    assert minutes(timedelta(minutes=14, seconds=1)) == 15
