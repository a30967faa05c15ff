"""Text in the shop's stylesheet is readable: contrast at least 4.5:1 (WCAG AA) for every rule
that sets a text colour on its own background, and for body text, muted text and links on the
page backgrounds."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "storefront" / "static" / "storefront" / "shop.css"
MINIMUM = 4.5


def variables(css):
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))


def resolve(value, names):
    value = value.strip()
    match = re.fullmatch(r"var\(--([\w-]+)\)", value)
    return names.get(match.group(1)) if match else value


def luminance(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, two):
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules_with_text_on_background(css, names):
    """(selector, text colour, background colour) of every rule that sets both."""
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        colour = re.search(r"(?<![\w-])color:\s*([^;]+)", body)
        background = re.search(r"background(?:-color)?:\s*([^;]+)", body)
        if colour and background:
            text, back = resolve(colour.group(1), names), resolve(background.group(1), names)
            if text and back and text.startswith("#") and back.startswith("#"):
                yield " ".join(selector.split()), text, back


def test_the_check_knows_a_bad_pair_from_a_good_one():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") < MINIMUM < contrast("#666666", "#ffffff")


def test_every_rule_with_text_on_its_own_background_is_readable():
    css = CSS.read_text()
    names = variables(css)
    pairs = list(rules_with_text_on_background(css, names))
    assert pairs, "no rule sets both a text colour and a background"
    unreadable = [
        f"{sel}: {text} on {back} = {contrast(text, back):.2f}"
        for sel, text, back in pairs
        if contrast(text, back) < MINIMUM
    ]
    assert not unreadable, "\n".join(unreadable)


@pytest.mark.parametrize("text", ["ink", "muted", "brand", "brand-dark", "danger"])
@pytest.mark.parametrize("background", ["paper", "soft"])
def test_text_colours_are_readable_on_the_page_backgrounds(text, background):
    names = variables(CSS.read_text())
    assert contrast(names[text], names[background]) >= MINIMUM
