"""The page cache: whole pages for anonymous readers, rendered fragments and list counts,
all filed under one content version so that any change makes them fresh at once."""
