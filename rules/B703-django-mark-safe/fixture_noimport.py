# The check needs an import containing "django.utils.safestring".
from django.utils.html import format_html


def view(value):
    # ok: B703
    return mark_safe(value)
