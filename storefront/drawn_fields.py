"""Form fields whose choices are fixed in code — the listings' sort choice — drawn once per
process and value.

Oscar's ``form_field.html`` draws such a field through Django's widget templates (the select,
its attributes and one template per option): ~0.8 ms of a search page, the same HTML for every
visitor who chose the same sort in the same language. Kept in process memory only: the HTML
comes from code and translations alone, which change only with a new release (new processes).
A value outside the choices (a hand-made address) or a field with errors is drawn anew, so a
visitor's own text is never kept.
"""

from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

FIELD_TEMPLATE = "oscar/partials/form_field.html"
_drawn = {}  # (language, name, id, value, style) -> HTML; a few languages × a few choices


def choice_field(field, style=""):
    """``field`` (a bound choice field whose choices are fixed in code) as Oscar's
    ``form_field.html`` draws it with ``style``, from this process's memory when drawn before
    for its value."""
    value = field.value()
    value = "" if value is None else str(value)
    if field.errors or (value and value not in {str(choice) for choice, _label in field.field.choices}):
        return _draw(field, style)
    key = (get_language(), field.html_name, field.auto_id, value, style)
    html = _drawn.get(key)
    if html is None:
        html = _drawn[key] = _draw(field, style)
    return mark_safe(html)


def _draw(field, style):
    return get_template(FIELD_TEMPLATE).render({"field": field, "style": style})
