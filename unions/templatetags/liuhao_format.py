"""Chinese number formats for templates: {{ amount|yuan }}, {{ count|people }}."""
from django import template

from unions.figures import format_people, format_yuan

register = template.Library()


@register.filter
def yuan(amount):
    return format_yuan(amount)


@register.filter
def people(count):
    return format_people(count or 0)
