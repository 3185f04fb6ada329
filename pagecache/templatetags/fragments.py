"""Cache a rendered part of a public page under the content version: what the template
tag `{% fragment "name", value, ... %}…{% endfragment %}` calls (see `pagecache.jinja`)."""

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation
from markupsafe import Markup

from pagecache.versions import remember


def fragment_call(*vary_on, caller):
    """Cache what the call block encloses, keyed by `vary_on`.

    Kept under the content version like whole pages (see `pagecache.versions`), so it
    is fresh after any change and never outlives the next scheduled publish. The block is
    only rendered on a miss, so querysets used only inside cost no query on a hit.
    """
    if not settings.PLACARD_FRAGMENT_CACHE:  # a template compiled before the switch
        return caller()
    # The interface's words are in the active language, so each language has its own copy;
    # its addresses are under the URL prefix, so each prefix has its own too.
    language, prefix = translation.get_language(), get_script_prefix()
    parts = "|".join(str(value) for value in (language, prefix, *vary_on))
    return Markup(remember("fragment", parts, caller))  # noqa: S704 - rendered by our templates
