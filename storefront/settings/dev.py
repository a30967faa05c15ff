"""Local development: `make run` uses this with the embedded defaults."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
INTERNAL_IPS = ["127.0.0.1"]
