"""The sitemap as tests read it: the file that lists an item, and every listed address."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from publishing.sitemaps import FILE_SIZE

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def sitemap_file(obj, section):
    """The address of the file of sitemap `section` that lists `obj` while it is public."""
    return f"/sitemap-{section}-{obj.pk // FILE_SIZE + 1}.xml"


def sitemap_addresses(client):
    """Every address in the files the sitemap index lists, as a crawler reads them."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    addresses = set()
    for node in index.iter(LOC):
        response = client.get(urlsplit(node.text).path)
        assert response.status_code == 200, node.text
        addresses |= {loc.text for loc in ET.fromstring(response.content).iter(LOC)}
    return addresses
