"""Pages: the site's standing texts (about us, join, donate), nested under one another."""
