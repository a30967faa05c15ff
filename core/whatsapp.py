"""One-tap WhatsApp links (``https://wa.me/62…?text=…``) with a prefilled message."""

from urllib.parse import quote


def whatsapp_url(phone, text=""):
    """Link that opens a WhatsApp chat with ``phone`` (any form; ``+62…`` preferred) and
    the message ``text`` already typed. Returns "" when there is no usable number."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not digits:
        return ""
    url = f"https://wa.me/{digits}"
    return f"{url}?text={quote(text)}" if text else url
