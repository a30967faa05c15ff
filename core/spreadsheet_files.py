"""Uploaded Excel files (.xlsx) opened safely, for the shop's imports (products, customers).

An .xlsx file is a zip archive of XML. Five megabytes of zip can unpack to gigabytes of XML (a
"zip bomb"), which would take a web worker's memory and minutes of its time while the sheet is
read. The archive's table of contents states every member's unpacked size without unpacking
anything, and Python's zip reader never returns more than that size, so ``check_xlsx_archive``
refuses an archive whose members add up to more than ``MAX_UNPACKED_BYTES`` before any XML is
parsed. (XML "billion laughs" are refused by openpyxl itself, through defusedxml.)
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A 1 000-row product sheet unpacks to well under 1 MB; 50 MB leaves room for big customer lists.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 1000


def check_xlsx_archive(content):
    """Refuse (``ValidationError``) an .xlsx whose archive is broken or unpacks too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ValidationError(
            _("This Excel file is damaged. Save it again as .xlsx or CSV and upload it."), code="bad_zip"
        ) from exc
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("This Excel file holds far more data than an import can take. Split it into smaller files."),
            code="zip_bomb",
        )
