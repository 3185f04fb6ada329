"""`{% fragment "name", value, ... %}…{% endfragment %}`: a part of a public page kept in
the cache under the content version (see `pagecache.templatetags.fragments`).

A tag of its own rather than `{% call fragment(...) %}`: with the fragment cache off, a
call block still builds a macro for its body and works out every value the copy is keyed
by (the host, the full path) on each render. The tag is compiled for the setting in
force: with the cache off the body is compiled as if the tag were not there, and the
compiled templates are dropped when the setting changes (tests).
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from jinja2 import nodes
from jinja2.ext import Extension

from .templatetags.fragments import fragment_call


class FragmentExtension(Extension):
    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        vary_on = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            vary_on.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        if not settings.PLACARD_FRAGMENT_CACHE:
            return body
        call = self.call_method("_remember", vary_on, lineno=lineno)
        return nodes.CallBlock(call, [], [], body, lineno=lineno)

    _remember = staticmethod(fragment_call)


@receiver(setting_changed)
def _recompile(setting, **kwargs):
    if setting == "PLACARD_FRAGMENT_CACHE":
        for engine in engines.all():
            if isinstance(engine, Jinja2):
                engine.env.cache.clear()
