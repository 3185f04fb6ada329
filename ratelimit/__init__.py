"""Rate limits kept in the cache under keyed hashes (see `limits`)."""
