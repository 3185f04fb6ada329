"""`{% editorial_dashboard as dash %}` on the admin home page (see `publishing.dashboard`)."""

from django import template

from publishing.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def editorial_dashboard(context):
    return dashboard(context["request"].user)
