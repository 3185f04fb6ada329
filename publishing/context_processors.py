"""Template context shared by every page: the site settings record."""

import logging

from django.db import DatabaseError

from .models import SiteSettings

logger = logging.getLogger(__name__)


def site(request):
    try:
        current = SiteSettings.load()
    except DatabaseError:
        # Error pages must still render when the database is unreachable.
        logger.exception("Site settings could not be loaded")
        current = SiteSettings()
        current.social_links_list = []
    return {"site": current}
