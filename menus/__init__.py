"""Menus: the header and footer menus of the site, edited in the admin."""
