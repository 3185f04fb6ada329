"""Finds what to measure on the running site: the deepest page of a list, and the
sitemaps, read the way a crawler reads them."""

import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit
from xml.etree import ElementTree

from load import status_of

NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            return ElementTree.fromstring(response.read())
    except (urllib.error.URLError, ElementTree.ParseError):
        return None


def local(address):
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def explore_sitemaps(base):
    """{"pages": {"sitemap-index": ..., "sitemap": ...}, "files", "urls", "largest"}; no
    "sitemap-index" page when `/sitemap.xml` is a plain list of addresses."""
    root = fetch(base + "/sitemap.xml")
    if root is None:
        return {"pages": {}, "files": 0, "urls": 0, "largest": 0}
    if root.tag != f"{NAMESPACE}sitemapindex":
        count = len(root.findall(f"{NAMESPACE}url"))
        return {"pages": {"sitemap": "/sitemap.xml"}, "files": 1, "urls": count, "largest": count}
    largest, largest_path, total, files = -1, None, 0, 0
    for location in root.iter(f"{NAMESPACE}loc"):
        path = local(location.text.strip())
        sitemap = fetch(base + path)
        files += 1
        count = 0 if sitemap is None else len(sitemap.findall(f"{NAMESPACE}url"))
        total += count
        if count > largest:
            largest, largest_path = count, path
    pages = {"sitemap-index": "/sitemap.xml"}
    if largest_path:
        pages["sitemap"] = largest_path
    return {"pages": pages, "files": files, "urls": total, "largest": max(largest, 0)}


def deepest_page(base, address):
    """`address` (`...?page=N`) if it answers 200, else the deepest page before it that
    does: lists may show a bounded number of pages."""
    if status_of(base + address) == 200:
        return address
    wanted = int(re.search(r"page=(\d+)", address).group(1))
    shown, missing = 1, wanted
    while missing - shown > 1:
        middle = (shown + missing) // 2
        if status_of(base + re.sub(r"page=\d+", f"page={middle}", address)) == 200:
            shown = middle
        else:
            missing = middle
    return re.sub(r"page=\d+", f"page={shown}", address)
