"""Small server-rendered SVG charts: no JavaScript, readable on a 360 px phone.

The SVG scales to the width of its container (viewBox), labels are escaped.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_TOP, PAD_BOTTOM = 320, 160, 18, 28


def bar_chart(points, *, title, allow_negative=False):
    """A bar chart of ``points`` = [(label, value or None), …] as an inline SVG string."""
    values = [value for _, value in points if value is not None]
    if not values:
        return ""
    top = max(max(values), 0) or 1
    bottom = min(min(values), 0) if allow_negative else 0
    span = (top - bottom) or 1
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    zero_y = PAD_TOP + plot * float(top / span)
    slot = WIDTH / len(points)
    bars = []
    for index, (label, value) in enumerate(points):
        x = index * slot + slot * 0.15
        width = slot * 0.7
        centre = x + width / 2
        if value is not None:
            height = plot * float(abs(value) / span)
            y = zero_y - height if value >= 0 else zero_y
            colour = "#0d6efd" if value >= 0 else "#dc3545"
            text_y = (y - 3) if value >= 0 else (y + height + 10)
            bars.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{max(height, 0.5):.1f}" '
                f'fill="{colour}"><title>{escape(label)}: {escape(value)}</title></rect>'
                f'<text x="{centre:.1f}" y="{text_y:.1f}" font-size="10" text-anchor="middle">'
                f"{escape(_short(value))}</text>"
            )
        bars.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - 8}" font-size="9" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return mark_safe(  # noqa: S308  (every piece of text above is escaped)
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-label="{escape(title)}" '
        f'style="max-width:640px"><line x1="0" x2="{WIDTH}" y1="{zero_y:.1f}" y2="{zero_y:.1f}" '
        f'stroke="#999" stroke-width="0.5"/>{"".join(bars)}</svg>'
    )


def _short(value):
    """1.234.567 → "1,2jt", 15.000 → "15rb": short labels that fit above a bar."""
    number = float(value)
    if abs(number) >= 1_000_000:
        return f"{number / 1_000_000:.1f}jt"
    if abs(number) >= 1_000:
        return f"{number / 1_000:.0f}rb"
    return f"{number:g}"
