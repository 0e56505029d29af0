from django import template
from django.utils.translation import gettext

from reviews.evidence import EVIDENCE
from reviews.scoring import format_points

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """{{ totals|lookup:dimension.pk }}: a dict's value by a key known only in the loop."""
    return mapping.get(key)


register.filter("points", format_points)


@register.filter
def evidence_text(value, key: str) -> str:
    """An evidence value with its unit ("86.8%", "2次"), or 不适用."""
    if value is None:
        return gettext("不适用")
    return f"{value}{EVIDENCE[key].unit}" if key in EVIDENCE else str(value)
