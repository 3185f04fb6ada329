"""What templates call gets what Jinja would give it: the shortcut for plain functions
(`site_config.jinja2.QuickCallContext`) changes how fast a call is, not what it sees."""

from django.template import engines
from jinja2 import Environment, pass_context, pass_environment

STOCK = Environment(autoescape=True)  # Jinja as it comes


def render(source, **variables):
    """`source` rendered by the site's environment, checked against stock Jinja's."""
    shown = engines["jinja2"].env.from_string(source).render(**variables)
    assert shown == STOCK.from_string(source).render(**variables)
    return shown


def test_a_plain_function_gets_its_arguments_and_keywords():
    def joined(*words, sep=" "):
        return sep.join(words)

    assert render('{{ f("a", "b", sep="-") }}', f=joined) == "a-b"


def test_a_function_that_takes_the_context_sees_loop_and_block_variables():
    @pass_context
    def current(context, name):
        return context.get(name, "?")

    source = (
        "{% set page = 'top' %}{{ f('page') }}|"
        "{% for item in items %}{% set seen = item %}{{ f('seen') }}{% endfor %}|"
        "{% block b %}{% set inside = 'blk' %}{{ f('inside') }}{% endblock %}"
    )
    assert render(source, f=current, items=["x", "y"]) == "top|xy|blk"


def test_other_markers_and_callables_are_called_as_jinja_calls_them():
    @pass_environment
    def autoescaping(environment):
        return environment.autoescape

    class Counter:
        @pass_context
        def __call__(self, context):
            return context["start"] + 1

    assert render("{{ f() }}", f=autoescaping) == "True"
    assert render("{{ c() }}", c=Counter(), start=41) == "42"
    assert render("{{ m() }}", m="text".upper) == "TEXT"


def test_a_function_that_stops_an_iteration_gives_an_empty_value():
    def exhausted():
        return next(iter(()))

    assert render("[{{ f() }}]", f=exhausted) == "[]"
