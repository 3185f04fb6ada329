"""JSON-LD (schema.org) shared by every public page: the breadcrumb trail, the
organisation that runs the site, the website with its search box, and library images as
`ImageObject`s.

Content apps build their own item (`NewsArticle`, `Event`, ...) and take the site's
organisation, its logo and image objects from here, so that every block names the
publisher the same way. Addresses are absolute: search engines read the block alone.
"""

from markupsafe import Markup

from .languages import interface_text
from .links import absolute, address
from .models import SiteSettings
from .sharing import default_share_image, site_logo
from .templatetags.publishing import json_ld

CONTEXT = "https://schema.org"
# The 3:2 crop around the focal point, at most 1200 pixels wide: what link previews show.
SHARE_CROP = "3:2"
SHARE_WIDTH = 1200
# Google asks for pictures of at least 50,000 pixels, in several shapes, for articles.
LARGE_WIDTH = 1600


def home_url(request):
    return absolute(request, address("home"))


def organization_id(request, home=None):
    """The `@id` of the site's organisation, so that other blocks can point at it; `home`:
    the home page's absolute address, when the caller has it."""
    return f"{home or home_url(request)}#organization"


def website_id(request):
    return f"{home_url(request)}#website"


def logo_object(request, site=None):
    logo = site_logo(request, site)
    return {
        "@type": "ImageObject",
        "url": logo["url"],
        "width": logo["width"],
        "height": logo["height"],
    }


def organization(request, site, full=False):
    """The organisation that runs the site, with its address and logo. `full` adds what
    only the home page needs to say (its profiles elsewhere, its description, contact)."""
    home = home_url(request)
    data = {
        "@type": "Organization",
        "@id": organization_id(request, home),
        "name": site.name,
        "url": home,
        "logo": logo_object(request, site),
    }
    if full:
        if site.tagline:
            data["description"] = site.tagline
        if site.contact_email:
            data["email"] = site.contact_email
        profiles = [link.url for link in getattr(site, "social_links_list", []) if link.url]
        if profiles:
            data["sameAs"] = profiles
    return data


def website(request, site):
    """The site itself, with the search box search engines may show under its name."""
    search = absolute(request, address("search"))
    return {
        "@type": "WebSite",
        "@id": website_id(request),
        "name": site.name,
        "url": home_url(request),
        "publisher": {"@id": organization_id(request)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def home_page_data(request, site):
    """The home page's blocks: the organisation, then the website."""
    return [
        {"@context": CONTEXT, **organization(request, site, full=True)},
        {"@context": CONTEXT, **website(request, site)},
    ]


def is_site_organisation(name, site):
    """Whether `name` (an organiser, an issuing body) is the site's own organisation, or a
    body of it ("the executive committee of the Harbourside Network")."""
    name, own = (name or "").strip().casefold(), (site.name or "").strip().casefold()
    return not name or (bool(own) and own in name)


def _version(renditions, width, height, max_width):
    """(key, width, height) of the widest rendition at most `max_width` across, else of
    the narrowest one; None without renditions."""
    widths = sorted(int(w) for w in renditions or {})
    if not widths or not width:
        return None
    chosen = max((w for w in widths if w <= max_width), default=widths[0])
    return str(chosen), chosen, max(1, round(height * chosen / width))


def image_object(request, image, crop=SHARE_CROP, max_width=SHARE_WIDTH):
    """`image` (a library image) as an `ImageObject`: its `crop` cut at most `max_width`
    across, the whole picture where the crop is not made yet (or `crop` is ""); the
    uploaded file itself until renditions exist. None without an image."""
    if image is None or not image.file:
        return None
    storage = image.file.storage
    cropped = (image.crops or {}).get(crop) if crop else None
    if cropped:
        found = _version(cropped.get("renditions"), cropped["width"], cropped["height"], max_width)
        if found:
            key, width, height = found
            url = storage.url(cropped["renditions"][key]["src"])
            return _image(request, url, width, height)
    found = _version(image.renditions, image.width, image.height, max_width)
    if found:
        key, width, height = found
        return _image(request, storage.url(image.renditions[key]["src"]), width, height)
    return _image(request, image.file.url, image.width, image.height)


def image_objects(request, image):
    """Several shapes of `image` for articles, as Google asks: the wide 3:2 crop, the
    square one and the whole picture, largest first, each listed once."""
    found, seen = [], set()
    for crop in (SHARE_CROP, "1:1", ""):
        candidate = image_object(request, image, crop=crop, max_width=LARGE_WIDTH)
        if candidate is not None and candidate["url"] not in seen:
            seen.add(candidate["url"])
            found.append(candidate)
    return found


def default_image_object(request):
    """The site's default share picture (what `og:image` shows on a page without one)."""
    image = default_share_image(request)
    return _image(request, image["url"], image["width"], image["height"])


def page_image(request, image):
    """The picture of a page as its `og:image` shows it: its lead image, else the site's
    default share picture."""
    return image_object(request, image) or default_image_object(request)


def page_images(request, image):
    """The lead image in several shapes (see `image_objects`), else the site's default
    share picture: what Google recommends for articles and events."""
    return image_objects(request, image) or [default_image_object(request)]


def _image(request, url, width, height):
    data = {"@type": "ImageObject", "url": absolute(request, url)}
    if width and height:
        data.update(width=width, height=height)
    return data


def breadcrumb_list(request, trail):
    """A `BreadcrumbList` from the home page to this page.

    `trail` holds (name, address) pairs after the home page, the last one the page itself;
    its address may be None for the page's own (`request.path`). Addresses are absolute.
    """
    items = [(interface_text("Home"), address("home")), *trail]
    elements = []
    for position, (name, url) in enumerate(items, start=1):
        elements.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute(request, request.path if url is None else url),
            }
        )
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": elements}


def breadcrumbs_ld(context, *trail):
    """Template helper: `{{ breadcrumbs_ld(("Articles", url(...)), (article.title, None)) }}`
    gives the `<script type="application/ld+json">` block of the trail. Items are (name,
    address) pairs, items with `get_absolute_url()` (named by their title or name), or
    the name of the page itself (a plain string); a list holds several such items (a
    page's parents)."""
    request = context["request"]
    items = [part for item in trail for part in (item if isinstance(item, list) else [item])]
    return json_ld(breadcrumb_list(request, [_crumb(item) for item in items]))


def _crumb(item):
    """A (name, address) pair from a pair, an item with an address, or the name of the
    page itself."""
    if isinstance(item, tuple):
        return tuple(item)
    if hasattr(item, "get_absolute_url"):
        name = getattr(item, "title", None) or getattr(item, "name", None) or str(item)
        return name, item.get_absolute_url()
    return item, None


def web_page(request, item, description=""):
    """A `WebPage` for a publishable item with a title (a page of the site's own)."""
    data = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": item.title,
        "url": absolute(request, item.get_absolute_url()),
        "isPartOf": {"@type": "WebSite", "@id": website_id(request), "url": home_url(request)},
        "publisher": organization(request, SiteSettings.load()),
        "image": page_image(request, getattr(item, "lead_image", None)),
    }
    if getattr(item, "language", ""):
        data["inLanguage"] = item.language
    if item.publish_at:
        data["datePublished"] = item.publish_at.isoformat()
        data["dateModified"] = max(item.updated_at or item.publish_at, item.publish_at).isoformat()
    if description:
        data["description"] = str(description)
    return data


def web_page_ld(context, item, description=""):
    """Template helper: the `WebPage` block of `item`."""
    return json_ld(web_page(context["request"], item, description))


def home_page_ld(context):
    """Template helper: the home page's `Organization` and `WebSite` blocks."""
    blocks = [json_ld(data) for data in home_page_data(context["request"], context["site"])]
    return Markup("\n").join(blocks)
