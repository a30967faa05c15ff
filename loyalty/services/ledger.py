"""The points ledger: the only code that writes ``Entry`` rows and moves cached balances.

Each movement locks the customer's ``Account`` row (``lock``), writes one ledger ``Entry`` with a
unique (source type, source id, kind) key and updates the cached balances in the same
transaction. A key that already exists means the movement was done before: ``post`` and
``debit`` return None without doing it again, so signals and tasks may safely run twice.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import rules
from ..models import Account, Entry
from ..rules import LoyaltyError


def lock(account):
    """The account row again, locked until the transaction ends (call inside ``atomic``)."""
    return Account.objects.select_for_update().get(pk=account.pk)


def exists(source_type, source_id, kind):
    """True when the movement with this key was written before."""
    return Entry.objects.filter(source_type=source_type, source_id=str(source_id), kind=kind).exists()


def new_entry(
    account,
    kind,
    source_type,
    source_id,
    *,
    available=0,
    pending=0,
    expires_at=None,
    amount=None,
    note="",
    by=None,
):
    """An unsaved ledger entry of ``account`` moving ``available`` and ``pending`` points."""
    return Entry(
        account=account,
        kind=kind,
        source_type=source_type,
        source_id=str(source_id),
        available_delta=available,
        pending_delta=pending,
        remaining=max(available, 0),
        expires_at=expires_at if available > 0 else None,
        amount=amount,
        note=note[:255],
        created_by=by if by is not None and by.is_authenticated else None,
    )


def insert(account, entries):
    """Write ``entries`` in one INSERT and move the locked ``account``'s cached balances in
    memory (the caller saves it). False, with nothing written, when one of them exists already:
    the unique key refused a movement another worker wrote a moment ago."""
    available = sum(entry.available_delta for entry in entries)
    pending = sum(entry.pending_delta for entry in entries)
    if account.available + available < 0 or account.pending + pending < 0:
        raise LoyaltyError(_("Points cannot go below zero."))
    try:
        with transaction.atomic():
            Entry.objects.bulk_create(entries)
    except IntegrityError:
        return False
    account.available += available
    account.pending += pending
    return True


def post(account, kind, source_type, source_id, **movement):
    """Write one entry and save the moved balances; ``account`` must be locked by the caller.

    ``movement``: the keyword arguments of ``_entry``. Returns the entry, or None when an
    entry with this key exists already (done before).
    """
    if exists(source_type, source_id, kind):
        return None
    entry = new_entry(account, kind, source_type, source_id, **movement)
    if not insert(account, [entry]):
        return None
    account.save(update_fields=["available", "pending"])
    return entry


def spend_fifo(account, points):
    """Take ``points`` from the account's batches, oldest expiry first (account locked)."""
    batches = list(Entry.objects.select_for_update().filter(account=account).batches())
    plan = rules.allocate_fifo([(batch, batch.remaining) for batch in batches], points)
    for batch, taken in plan:
        batch.remaining -= taken
        batch.save(update_fields=["remaining"])


def debit(account, kind, source_type, source_id, points, **kwargs):
    """Spend ``points`` of the locked ``account`` (oldest batches first) with one entry; raises
    ``LoyaltyError`` beyond the balance. None when the key was written before."""
    if exists(source_type, source_id, kind):
        return None
    if points > account.available:
        raise LoyaltyError(
            _("Not enough points: %(available)d available, %(points)d needed.")
            % {"available": account.available, "points": points}
        )
    spend_fifo(account, points)
    return post(account, kind, source_type, source_id, available=-points, **kwargs)
