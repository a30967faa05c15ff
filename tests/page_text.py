"""What a reader sees of a rendered page, and the wording rules it is checked against.

Used by the wording and accessibility guards (tests/functional/test_page_wording.py): the
visible text of a page (text outside ``<script>``/``<style>``, plus the attributes a reader or a
screen reader meets: ``placeholder``, ``title``, ``aria-label``, ``alt`` and button values),
split into the pieces the templates wrote.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

SPOKEN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# <code> and <kbd> hold keys and codes (file columns, voucher codes), not prose.
SILENT_TAGS = {"script", "style", "template", "noscript", "code", "kbd"}

# Left-over template syntax a reader must never see.
RAW_PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|\{\{|\{%|%\}|\}\}")

# Machine-made or wrong Indonesian seen on the shop's pages (issue 14) and words that say the
# same thing differently from docs/glossary.md. Matched case-insensitively, as whole words.
KNOWN_BAD_INDONESIAN = (
    "Gerbang cekout",
    "cekout",
    "Siapakah anda",
    "Alamat email saya adalah",
    "diproses sebagai tamu",
    "Dapatkan pengingat kata sandi",
    "sebelum keluar dari halaman",
    "Dimana kita",
    "Memilih opsi",
    "Ubah konten pemesanan",
    "Tuliskan pesanan",
    "tampilkan belanjaan",
    "belanjaan",
    "PROSES PEMBELIAN",
    "daftar belanja",
    "menambahkan kupon",
    "kutip pada setiap",
    "telah ditempatkan",
    "nomor orderan",
    "orderan",
    "Melacak pesanan",
    "Menampilkan status pesanan",
    "Nomer",
    "Tanggal Dikirim",
    "Hasil penyaringan",
    "tanpa pajak",
    "termasuk pajak",
    "Profil dihapus",
    "Masuk atau registrasi",
    "registrasi",
    "Saya melupakan",
    "Skor",
    "Statistik toko anda",
    "Total open",
    "Mengatur",
    "keluar sebagai tamu",
    "ID Line",
    "Pemasok SKU",
    "Hal pengiriman",
    "Troli",
    "kata kunci anda",
    "Katasandi",
    "0 menit yang lalu",
    "Pages · created",
    "Rekan",
    "Aduuh",
    # Oscar's other owner screens (product types, partners, ranges, e-mails, shipping, reports).
    "Baris-baris",
    "Tipe produk",
    "kelas produk",
    "Berat kotor",
    "Pola subyek",
    "Pola badan",
    "Badan teks",
    "Peforma",
    "Mennghasilkan",
    "Memnambah",
    "Jalur stok",
    "Mengenai pengiriman",
    "Nomor dari",
    "Nomor dialokasi",
    "Nomor dalam stok",
    "Nomor pada stok",
    "Nomor keranjang",
    "Tindakan yang besar",
    "kategori anak",
    "anakan",
    "Situs penawaran",
    "Kupon penawaran",
    "kupon",
    "kartu diskon",
    "Kasus insentif",
    "membuat area",
    "tinjauan",
    "Bilangan Asli",
    "Rekaman Stok",
    "Role pengguna",
    "Pesanan ditetapkan",
    "sahspesifik",
    "pengapusan",
    "Lihat di situs",
    "Pengingat stok",
    "Butuh moderasi",
    "Kegunaan",
    "seluruh pemberitahuan",
    "variasi",
)
KNOWN_BAD = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in KNOWN_BAD_INDONESIAN) + r")(?!\w)", re.I)
# "anda" in lower case: the glossary's tone is *Anda*.
LOWER_CASE_ANDA = re.compile(r"(?<!\w)anda(?!\w)")

# Indonesian words of the glossary: none of them may appear in English mode outside the shop's
# own content (product names, pages the owner wrote …).
GLOSSARY_INDONESIAN = (
    "keranjang",
    "pesanan",
    "bayar",
    "pembayaran",
    "dibayar",
    "kirim",
    "dikirim",
    "pengiriman",
    "poin",
    "kata sandi",
    "masuk",
    "daftar",
    "ulasan",
    "Anda",
    "belanja",
    "pelanggan",
    "harga",
    "simpan",
    "ubah",
    "hapus",
    "kembali",
    "dan",
    "yang",
    "untuk",
    "dengan",
    "belum",
    "sudah",
    "menunggu",
    "selesai",
    "dibatalkan",
    "diproses",
    "berisiko",
    "setia",
    "masukan",
    "keluhan",
    "hadiah",
    "tukar",
    "alamat",
    "produk",
    "semua",
    "toko",
    "halo",
)
GLOSSARY = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in GLOSSARY_INDONESIAN) + r")(?!\w)", re.I)

# English words that give an English sentence away on an Indonesian page.
ENGLISH_FUNCTION_WORDS = re.compile(
    r"(?<!\w)(the|your|you|has|have|been|please|with|this|will|of|and|is|are|to|for)(?!\w)"
)


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SILENT_TAGS:
            self.silent += 1
        for name in SPOKEN_ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SILENT_TAGS and self.silent:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent and data.strip():
            self.pieces.append(data)


def visible_pieces(html):
    """The pieces of text a reader sees on ``html``, whitespace collapsed, in page order."""
    parser = _TextParser()
    parser.feed(html)
    return [" ".join(piece.split()) for piece in parser.pieces if piece.strip()]


def _catalogue_paths():
    import oscar

    yield Path(oscar.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po"
    yield from own_catalogues("id")


def own_catalogues(language):
    """Every catalogue the shop keeps itself for ``language``."""
    base = Path(settings.BASE_DIR)
    skip = {".venv", "var", "media", "node_modules", ".git"}
    for path in sorted(base.rglob(f"locale/{language}/LC_MESSAGES/django.po")):
        if not skip.intersection(path.relative_to(base).parts):
            yield path


@cache
def english_msgids():
    """Source strings (English) of Oscar's and the shop's catalogues whose Indonesian differs:
    seeing one of them on an Indonesian page means a translation is missing."""
    same, translated = set(), set()
    for path in _catalogue_paths():
        with path.open("rb") as handle:
            for message in read_po(handle):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for msgid in ids:
                    text = " ".join(msgid.split())
                    if not text or "%" in text or "<" in text:
                        continue
                    if any(" ".join((s or "").split()) == text for s in strings):
                        same.add(text)
                    else:
                        translated.add(text)
    # Words spelled the same in both languages (Status, Total, Voucher …) are no evidence.
    return frozenset(translated - same)


class ShopContent:
    """What the owner and buyers wrote (product names, pages, reviews …), in any language."""

    def __init__(self, texts):
        lines = sorted(
            {" ".join(t.split()) for t in texts if t and len(t.strip()) > 2}, key=len, reverse=True
        )
        self.text = "\n".join(lines).casefold()
        self.pattern = re.compile("|".join(re.escape(line) for line in lines) or r"(?!x)x", re.I)

    def remove(self, piece):
        """``piece`` without the shop's content in it ("" when it is all content)."""
        if piece.casefold() in self.text:
            return ""
        return self.pattern.sub(" ", piece)


def wording_problems(html, language, content):
    """What is wrong with the words of one rendered page, as (kind, text) pairs."""
    problems = []
    pieces = visible_pieces(html)
    msgids = english_msgids()
    for piece in pieces:
        if RAW_PLACEHOLDER.search(piece):
            problems.append(("raw placeholder", piece))
        if piece == "None":
            problems.append(("empty value printed as Python's None", piece))
        if not re.search(r"[^\W\d_]", piece):
            continue  # no letters: numbers, prices, "---------"
        own = content.remove(piece)
        if not own.strip():
            continue
        if language == "en":
            if match := GLOSSARY.search(own):
                problems.append((f"Indonesian word '{match.group(0)}' in English", piece))
            continue
        if piece in msgids:
            problems.append(("not translated", piece))
        elif len(ENGLISH_FUNCTION_WORDS.findall(own)) >= 2:
            problems.append(("English sentence", piece))
        if language != "id":
            continue  # the known-bad list and the tone rule are about Indonesian
        if match := KNOWN_BAD.search(own):
            problems.append((f"known-bad wording '{match.group(0)}'", piece))
        if LOWER_CASE_ANDA.search(own):
            problems.append(("'anda' (the glossary writes Anda)", piece))
    return problems


class _AccessibilityParser(HTMLParser):
    """Form fields and their labels, headings and links of one page."""

    FIELDS = {"input", "select", "textarea"}
    UNLABELLED_INPUTS = {"hidden", "submit", "button", "image", "reset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.label_targets, self.headings, self.links = [], set(), [], []
        self.open_labels = 0
        self.open_link = None
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self.silent += 1
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        elif tag in self.FIELDS and attrs.get("type", "text") not in self.UNLABELLED_INPUTS:
            named = self.open_labels or attrs.get("aria-label") or attrs.get("aria-labelledby")
            self.fields.append((attrs.get("name") or attrs.get("id") or tag, attrs.get("id"), bool(named)))
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "a" and attrs.get("href") is not None:
            self.open_link = {"label": attrs.get("aria-label"), "text": ""}

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.silent:
            self.silent -= 1
        if tag == "label" and self.open_labels:
            self.open_labels -= 1
        elif tag == "a" and self.open_link is not None:
            self.links.append(self.open_link)
            self.open_link = None

    def handle_data(self, data):
        if self.open_link is not None and not self.silent:
            self.open_link["text"] += data


def accessibility_problems(html):
    """Mechanical accessibility checks of one page, as (kind, detail) pairs: every form field
    has a label, headings do not skip a level, and a link's accessible name contains the text
    it shows (WCAG 2.5.3)."""
    parser = _AccessibilityParser()
    parser.feed(html)
    problems = [
        ("form field without a label", name)
        for name, field_id, named in parser.fields
        if not named and field_id not in parser.label_targets
    ]
    for before, after in zip(parser.headings, parser.headings[1:], strict=False):
        if after > before + 1:
            problems.append(("heading skips a level", f"h{before} → h{after}"))
    for link in parser.links:
        text = " ".join(link["text"].split())
        if link["label"] and text and text.casefold() not in link["label"].casefold():
            problems.append(("link name differs from its text", f"{text!r} named {link['label']!r}"))
    return problems
