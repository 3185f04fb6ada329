"""`{% fragment %}`: cache a rendered part of a page under the content version."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from markupsafe import Markup

from pagecache.versions import remember

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        if not settings.PLACARD_FRAGMENT_CACHE:
            return self.nodelist.render(context)
        parts = "|".join(str(value.resolve(context)) for value in self.vary_on)
        html = remember("fragment", parts, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - rendered by our own templates


@register.tag
def fragment(parser, token):
    """`{% fragment "name" value ... %}…{% endfragment %}`: cache what it encloses.

    Kept under the content version like whole pages (see `pagecache.versions`), so it
    is fresh after any change and never outlives the next scheduled publish. Querysets
    used only inside are never evaluated on a hit, so a hit also saves their queries.
    """
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, vary_on)


def fragment_call(*vary_on, caller):
    """`{% call fragment("name", value, ...) %}…{% endcall %}` in the Jinja templates: the
    same cache as `{% fragment %}`, and the enclosed part is only rendered on a miss."""
    if not settings.PLACARD_FRAGMENT_CACHE:
        return caller()
    parts = "|".join(str(value) for value in vary_on)
    return Markup(remember("fragment", parts, caller))  # noqa: S704 - rendered by our templates
