"""Signals the CRM sends; other apps (loyalty) listen without the CRM knowing them."""

from django.dispatch import Signal

survey_answered = Signal()  # sender, feedback: a buyer answered a post-order survey
