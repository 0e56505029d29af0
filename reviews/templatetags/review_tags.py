from django import template
from django.utils.translation import gettext

from core.text import quoted
from reviews.evidence import EVIDENCE
from reviews.scoring import format_points

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """{{ totals|lookup:dimension.pk }}: a dict's value by a key known only in the loop."""
    return mapping.get(key)


register.filter("points", format_points)
register.filter("quoted", quoted)  # {{ rubric.name|quoted }}: nested quotes as Chinese writes them


@register.filter
def evidence_text(value, key: str) -> str:
    """An evidence value with its unit ("86.8%", "2次"), or 不适用."""
    if value is None:
        return gettext("不适用")
    return f"{value}{EVIDENCE[key].unit}" if key in EVIDENCE else str(value)


@register.filter
def rule_text(indicator) -> str:
    """An indicator's scoring rule as people read it: "≥90% 得 6 分；≥85% 得 4 分", "70% 及以下 0 分，
    90% 及以上 6 分，之间按比例", or 评审判定."""
    if indicator.rule == indicator.Rule.MANUAL:
        return gettext("评审判定")
    unit = EVIDENCE[indicator.evidence].unit if indicator.evidence in EVIDENCE else ""
    pairs = sorted(((format_points(threshold), format_points(points)) for threshold, points in indicator.tiers),
                   key=lambda pair: -float(pair[0]))
    if indicator.rule == indicator.Rule.LINEAR and len(pairs) == 2:
        (high, high_points), (low, low_points) = pairs
        return gettext("%(low)s%(unit)s 及以下 %(low_points)s 分，%(high)s%(unit)s 及以上 %(high_points)s 分，之间按比例") % {
            "low": low, "high": high, "low_points": low_points, "high_points": high_points, "unit": unit}
    return "；".join(gettext("≥%(threshold)s%(unit)s 得 %(points)s 分") % {"threshold": threshold, "unit": unit, "points": points}
                     for threshold, points in pairs)
