"""`{% import_map text %}`: an inline import map that the Content-Security-Policy lets through."""

from django import template
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString

from geo_platform.csp import SCRIPT_HASHES, script_hash

register = template.Library()


@register.simple_tag(takes_context=True)
def import_map(context: Context, text: str) -> SafeString:
    """`<script type="importmap">text</script>`, with the element's hash added to the response's
    script-src. `text` must already be safe inside <script> (JSON with <, > and & escaped)."""
    request = context.get("request")
    hashes = getattr(request, SCRIPT_HASHES, None)
    if hashes is not None and (source := script_hash(text)) not in hashes:
        hashes.append(source)
    return format_html('<script type="importmap">{}</script>', text)
