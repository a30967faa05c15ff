"""Product photos for the demo shop, drawn with Pillow.

Each picture is recognisable at thumbnail size: a batik cloth with its own motif, a coffee
pouch with an origin label and beans, a snack pack with crimped ends and a window on the
contents. Colours and motifs follow the product, so no two pictures look alike.
"""

import io
import math
import random
import textwrap

from PIL import Image, ImageDraw, ImageFont

SIZE = 600


def _font(size):
    return ImageFont.load_default(size=size)


def _jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _label(draw, box, lines, fill, ink, sizes=(34, 24)):
    """A rounded label with a bold first line and smaller ones below, centred in ``box``."""
    draw.rounded_rectangle(box, radius=14, fill=fill, outline=ink, width=3)
    x0, y0, x1, y1 = box
    texts = []
    for index, line in enumerate(lines):
        size = sizes[0] if index == 0 else sizes[1]
        width = max(8, int((x1 - x0) / (size * 0.55)))
        texts += [(part, size) for part in textwrap.wrap(line, width=width)]
    height = sum(size + 6 for _part, size in texts)
    y = y0 + ((y1 - y0) - height) / 2
    for part, size in texts:
        draw.text(((x0 + x1) / 2, y), part, font=_font(size), fill=ink, anchor="ma")
        y += size + 6


# --- Batik -------------------------------------------------------------------------------


def _parang(draw, colours, rng):
    step = 70
    for offset in range(-SIZE, SIZE * 2, step):
        draw.line([(offset, 0), (offset + SIZE, SIZE)], fill=colours[1], width=26)
        for t in range(0, SIZE, 46):
            cx, cy = offset + t, t
            draw.arc([cx - 18, cy - 30, cx + 18, cy + 6], 200, 340, fill=colours[2], width=5)
        draw.line([(offset + 34, 0), (offset + 34 + SIZE, SIZE)], fill=colours[2], width=4)


def _kawung(draw, colours, rng):
    step = 80
    for gx in range(0, SIZE + step, step):
        for gy in range(0, SIZE + step, step):
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                cx, cy = gx + dx * 20, gy + dy * 20
                w, h = (16, 24) if dx else (24, 16)
                draw.ellipse([cx - w, cy - h, cx + w, cy + h], fill=colours[1], outline=colours[2], width=3)
            draw.ellipse([gx - 5, gy - 5, gx + 5, gy + 5], fill=colours[2])


def _mega_mendung(draw, colours, rng):
    for _cloud in range(9):
        cx, cy = rng.randrange(0, SIZE), rng.randrange(0, SIZE)
        for ring in range(6, 0, -1):
            r = ring * 16
            colour = colours[1] if ring % 2 else colours[2]
            for lobe in (-1, 0, 1):
                draw.ellipse(
                    [cx + lobe * r * 0.8 - r, cy - r * 0.6, cx + lobe * r * 0.8 + r, cy + r * 0.6],
                    fill=colour,
                )


def _flowers(draw, colours, rng, petals=5, count=60):
    for _flower in range(count):
        cx, cy, r = rng.randrange(0, SIZE), rng.randrange(0, SIZE), rng.randrange(10, 26)
        for k in range(petals):
            angle = 2 * math.pi * k / petals
            px, py = cx + math.cos(angle) * r, cy + math.sin(angle) * r
            draw.ellipse(
                [px - r / 2, py - r / 2, px + r / 2, py + r / 2], fill=colours[1], outline=colours[2], width=2
            )
        draw.ellipse([cx - r / 3, cy - r / 3, cx + r / 3, cy + r / 3], fill=colours[2])


def _truntum(draw, colours, rng):
    for gx in range(20, SIZE, 60):
        for gy in range(20, SIZE, 60):
            for k in range(8):
                angle = math.pi * k / 4
                draw.line(
                    [(gx, gy), (gx + math.cos(angle) * 14, gy + math.sin(angle) * 14)],
                    fill=colours[1],
                    width=4,
                )
            draw.ellipse([gx - 4, gy - 4, gx + 4, gy + 4], fill=colours[2])


BATIK_MOTIFS = {
    "parang": _parang,
    "kawung": _kawung,
    "mega_mendung": _mega_mendung,
    "truntum": _truntum,
    "sekar": lambda draw, colours, rng: _flowers(draw, colours, rng, petals=6, count=55),
    "lasem": lambda draw, colours, rng: _flowers(draw, colours, rng, petals=4, count=80),
}


def batik(label, motif, colours, seed):
    """A folded batik cloth in ``motif`` with a small tag naming it (``label``)."""
    rng = random.Random(seed)
    cloth = Image.new("RGB", (SIZE, SIZE), colours[0])
    BATIK_MOTIFS[motif](ImageDraw.Draw(cloth), colours, rng)
    image = Image.new("RGB", (SIZE, SIZE), "#f4efe9")
    # The cloth lies folded: a main panel and a darker fold along the bottom.
    panel = cloth.crop((0, 0, 520, 430))
    image.paste(panel, (40, 40))
    fold = cloth.crop((0, 430, 520, 500)).point(lambda v: int(v * 0.72))
    image.paste(fold, (40, 470))
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 40, 560, 540], outline="#3b2a1e", width=2)
    draw.line([(40, 470), (560, 470)], fill="#3b2a1e", width=3)
    _label(draw, (330, 360, 585, 470), [label, "batik tulis & cap"], "#fffaf0", "#3b2a1e", (30, 20))
    draw.line([(330, 415), (300, 380)], fill="#3b2a1e", width=2)
    return _jpeg(image)


# --- Coffee ------------------------------------------------------------------------------


def _bean(draw, cx, cy, angle, colour):
    w, h = 22, 15
    points = [
        (cx + math.cos(angle + math.pi * k / 12) * w, cy + math.sin(angle + math.pi * k / 12) * h)
        for k in range(24)
    ]
    draw.polygon(points, fill=colour)
    draw.line(
        [
            (cx - math.cos(angle) * w * 0.8, cy - math.sin(angle) * h * 0.3),
            (cx + math.cos(angle) * w * 0.8, cy + math.sin(angle) * h * 0.3),
        ],
        fill="#1c0f08",
        width=3,
    )


def coffee(origin, weight, bag_colour, seed):
    """A stand-up coffee pouch with valve, an origin label and roasted beans in front."""
    rng = random.Random(seed)
    image = Image.new("RGB", (SIZE, SIZE), "#efe6dc")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 470, SIZE, SIZE], fill="#d9c7b3")  # table top
    bag = [(150, 90), (450, 90), (470, 500), (130, 500)]
    draw.polygon([(x + 10, y + 10) for x, y in bag], fill="#b9a58f")  # shadow
    draw.polygon(bag, fill=bag_colour)
    draw.rectangle([150, 70, 450, 100], fill=bag_colour)
    for y in range(74, 100, 6):
        draw.line([(150, y), (450, y)], fill="#3b2a1e", width=1)
    draw.ellipse([280, 120, 320, 160], outline="#2b1a10", width=4)  # one-way valve
    _label(draw, (180, 190, 420, 420), [origin, weight, "Kopi Nusantara"], "#fffaf0", "#3b2a1e", (30, 22))
    for _bean_index in range(14):
        _bean(
            draw,
            rng.randrange(40, 560),
            rng.randrange(500, 580),
            rng.uniform(0, math.pi),
            rng.choice(["#4a2c17", "#5b3620", "#3e2413"]),
        )
    return _jpeg(image)


# --- Snacks ------------------------------------------------------------------------------


def snack(name, weight, pack_colour, bite_colour, seed):
    """A pillow pack with crimped ends, a window showing the snack and a label with ``name``."""
    rng = random.Random(seed)
    image = Image.new("RGB", (SIZE, SIZE), "#f7f3ee")
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 120, 480, 70, 540
    draw.rounded_rectangle([left + 12, top + 12, right + 12, bottom + 12], radius=30, fill="#ddd4ca")
    draw.rounded_rectangle([left, top, right, bottom], radius=30, fill=pack_colour)
    for edge_y, direction in ((top, 1), (bottom, -1)):  # crimped seals
        zigzag = [(x, edge_y + direction * (0 if (x // 12) % 2 else 14)) for x in range(left, right + 1, 12)]
        draw.line(zigzag, fill="#ffffff", width=3)
        draw.rectangle(
            [left, min(edge_y, edge_y + direction * 28), right, max(edge_y, edge_y + direction * 28)],
            outline="#7a1f1f",
        )
    window = (170, 300, 430, 480)
    draw.rounded_rectangle(window, radius=60, fill="#fff8e8", outline="#ffffff", width=5)
    for _bite in range(26):
        cx, cy = rng.randrange(window[0] + 25, window[2] - 25), rng.randrange(window[1] + 20, window[3] - 20)
        r = rng.randrange(12, 24)
        draw.ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=bite_colour, outline="#8a5a20")
    _label(
        draw,
        (150, 120, 450, 280),
        [name.split(" ")[0], " ".join(name.split(" ")[1:3]), weight],
        "#ffffff",
        "#3b1f0f",
        (36, 24),
    )
    return _jpeg(image)
