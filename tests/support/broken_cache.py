"""A cache backend that fails like an unreachable Redis server."""

from django.core.cache.backends.base import BaseCache


class UnreachableCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    add = get = set = touch = delete = incr = decr = clear = has_key = _fail
    get_many = set_many = delete_many = _fail
