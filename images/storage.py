"""Local media storage that leaves no partial file behind.

Django's `FileSystemStorage` creates the file and then writes it; when the disk fills up
half-way (ENOSPC), the truncated file stays, named by nothing. This storage removes the
file it created when writing it fails, so that a failed upload leaves the disk as it was.
"""

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class LocalMediaStorage(FileSystemStorage):
    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            if not existed:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            raise
