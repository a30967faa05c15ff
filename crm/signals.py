"""Signals other apps listen to (the loyalty app awards survey points, moves accounts on merge)."""

from django.dispatch import Signal

# A buyer answered the post-order survey. Args: feedback (crm.Feedback, with .order and .customer).
survey_answered = Signal()

# Two customer records were found to be one person. Args: source (being removed), target (kept).
# Sent inside the merge transaction before ``source`` is deleted: move what you hang on customers.
customers_merged = Signal()
