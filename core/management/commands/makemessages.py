"""Django's makemessages without msgmerge's fuzzy guesses.

A new source string that looks like an old one would otherwise get the old translation marked
fuzzy: wrong more often than not, and silently skipped when compiled. Left empty instead, it is
easy to find (tests/unit/test_catalogues.py fails on it for Indonesian).
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
