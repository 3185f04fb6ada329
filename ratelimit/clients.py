"""The address of the client that sent a request, also behind a reverse proxy.

A client can send any `X-Forwarded-For` it likes, so the header is read only when the site
says it runs behind proxies (`PLACARD_PROXY_COUNT`, set from `DJANGO_BEHIND_PROXY` and
`DJANGO_PROXY_COUNT`). Each trusted proxy appends the address it was reached from, so the
client is the entry that many places from the right; anything further left was written by
the client and is ignored. Login throttling (django-axes) counts failures by this address.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address as a string, or "" if none can be trusted."""
    proxies = getattr(settings, "PLACARD_PROXY_COUNT", 0)
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return _valid(hops[-proxies])
        # Fewer entries than proxies: the request skipped a proxy; the nearest sender is
        # the best we know.
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(address):
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
