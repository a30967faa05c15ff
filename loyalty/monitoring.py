"""Nightly watch on the points ledger: cached balances that drifted from the ledger are
reported to the shop's staff by e-mail (they are not changed: somebody should look first,
then run ``manage.py loyalty_rebuild_balances``)."""
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from . import services


def staff_emails():
    """E-mail addresses of the active staff accounts (the owner and their helpers)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def report_balance_drift():
    """E-mail the staff a list of accounts whose balances differ from their ledger.

    Returns the number of drifted accounts (0: nothing is sent). Read-only, so running it twice
    only sends the same report twice."""
    drifted = list(services.drifted_accounts().select_related("customer"))
    recipients = staff_emails()
    if not drifted or not recipients:
        return len(drifted)
    with translation.override("id"):
        lines = [
            _("Customer %(name)s (account %(id)s): stored %(available)s/%(pending)s, ledger %(a)s/%(p)s")
            % {
                "name": account.customer.name or account.customer_id,
                "id": account.pk,
                "available": account.available,
                "pending": account.pending,
                "a": account.a or 0,
                "p": account.p or 0,
            }
            for account in drifted
        ]
        subject = _("Points check: %(count)s account(s) do not match the ledger") % {"count": len(drifted)}
        body = "\n".join(
            [
                _("Tonight's check found points balances that differ from the points ledger "
                  "(available/pending):"),
                "",
                *lines,
                "",
                _("Ask your technician to run: manage.py loyalty_rebuild_balances"),
            ]
        )
    send_mail(subject, body, None, recipients)
    return len(drifted)
