"""The publishing core: what every content type shares (publication state, slugs and
redirects, roles, the editorial workflow, revisions, previews, the audit log, the
dashboard, site search and site settings). It names no content type."""
