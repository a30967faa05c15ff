"""The owner's audit log: one function records, the owner reads it on the dashboard."""

from staff.models import OwnerAction


def record_owner_action(by, kind, subject="", detail=""):
    """Record that ``by`` (a user) did ``kind`` (an ``OwnerActionKind``) on ``subject``.

    ``subject`` and ``detail`` are short texts without personal data (an order number,
    "customer #12", a file name); they are cut to their column's length."""
    return OwnerAction.objects.create(
        by=by if by is not None and by.is_authenticated else None,
        by_email=getattr(by, "email", "") or "",
        kind=kind,
        subject=str(subject)[:200],
        detail=str(detail)[:500],
    )
