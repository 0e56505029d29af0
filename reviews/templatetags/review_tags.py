from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """{{ totals|lookup:dimension.pk }}: a dict's value by a key known only in the loop."""
    return mapping.get(key)
