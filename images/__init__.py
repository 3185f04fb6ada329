"""The image library: uploads checked by their bytes, stored without metadata, served as
responsive renditions; and the lead image with per-use alt text that content types share."""
