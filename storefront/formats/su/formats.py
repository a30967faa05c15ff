"""Basa Sunda: written with the same dates and numbers as Indonesian."""
from django.conf.locale.id.formats import *  # noqa: F401,F403
