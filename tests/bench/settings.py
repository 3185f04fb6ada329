"""Settings for benchmark runs: the site's own settings plus one trivial view for the floor.

The environment (secret key, hosts, database, static root) is set by `run.py`.
"""

from site_config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
