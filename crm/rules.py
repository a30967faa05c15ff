"""CRM rules every writer and reader shares: what counts as a complaint, and whose birthday is
today (docs/design.md, "Feedback" and "Birthdays").

Plain functions without database access, so ``Feedback.save``, bulk writers (the scale-data
generator) and the loyalty birthday bonus all apply the very same rule.
"""

import datetime

# A star rating (1–5) of 3 or less, or an NPS answer (0–10) of 6 or less (a "detractor").
COMPLAINT_MAX_RATING = 3
COMPLAINT_MAX_NPS = 6


def is_complaint(*, rating=None, nps=None, reported=False):
    """True for feedback the owner must follow up: a rating of ``COMPLAINT_MAX_RATING`` or less,
    an NPS answer of ``COMPLAINT_MAX_NPS`` or less, or a message the buyer sent as a complaint
    about an order (``reported``)."""
    return (
        reported
        or (rating is not None and rating <= COMPLAINT_MAX_RATING)
        or (nps is not None and nps <= COMPLAINT_MAX_NPS)
    )


def _is_leap(year):
    try:
        datetime.date(year, 2, 29)
    except ValueError:
        return False
    return True


def birthdays_celebrated_on(day):
    """The (month, day) pairs of the birthdays celebrated on ``day``: its own, and 29 February
    on 28 February of a year without one."""
    dates = [(day.month, day.day)]
    if (day.month, day.day) == (2, 28) and not _is_leap(day.year):
        dates.append((2, 29))
    return dates


def birthday_is_on(birthday, day):
    """True when a person born on ``birthday`` celebrates it on ``day`` (29 February birthdays
    count on 28 February in other years)."""
    return birthday is not None and (birthday.month, birthday.day) in birthdays_celebrated_on(day)
