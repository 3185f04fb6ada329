"""Which addresses pages may take.

Pages live at the root of the site (`/about/`, `/about/team/`), beside every other route.
A top-level page may not take a first path segment that another part of the site uses
(`/articles/`, `/search/`, `/admin/`, `/static/`...). Those segments are read from the
URLconf itself, and from the static and media prefixes in the settings, so a route added
later is respected without anyone keeping a list.
"""

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# Characters with a meaning in a regular expression: where the literal start of a
# `re_path` pattern ends.
REGEX_SPECIAL = frozenset(".^$*+?{}[]|()\\")


def literal_start(pattern):
    """(text, whole): the literal text a URL pattern starts with, and whether that text
    is the whole pattern (no converter, no group, no wildcard)."""
    if isinstance(pattern, RoutePattern):
        head, converter, _rest = str(pattern).partition("<")
        return head, not converter
    if isinstance(pattern, RegexPattern):
        regex = str(pattern).removeprefix("^")
        text = []
        index = 0
        while index < len(regex):
            char = regex[index]
            following = regex[index + 1] if index + 1 < len(regex) else ""
            if char == "\\" and following and not following.isalnum():
                text.append(following)  # an escaped character stands for itself: "\."
                index += 2
                continue
            if char == "$" and index == len(regex) - 1:
                return "".join(text), True
            if char in REGEX_SPECIAL:
                break
            text.append(char)
            index += 1
        # Without a closing "$" the expression also matches longer addresses.
        return "".join(text), False
    return "", False


def _segments(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver) and entry.app_name == "pages":
            continue  # the pages' own catch-all
        text, whole = literal_start(entry.pattern)
        route = prefix + text
        if "/" in route:
            yield route.split("/", 1)[0]
        elif isinstance(entry, URLResolver):
            if whole:
                yield from _segments(entry.url_patterns, route)
        elif whole and route:
            yield route  # an address of one segment, such as robots.txt


def _settings_segment(url):
    """The first path segment of a local prefix such as STATIC_URL ("static/")."""
    if not url or "://" in url or url.startswith("//"):
        return ""
    return url.strip("/").split("/", 1)[0]


def taken_first_segments():
    """Every first path segment the site uses for something other than pages, in
    lowercase: those of the URLconf's routes, and the static and media prefixes."""
    found = {segment for segment in _segments(get_resolver().url_patterns) if segment}
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        segment = _settings_segment(url)
        if segment:
            found.add(segment)
    return {segment.lower() for segment in found}
