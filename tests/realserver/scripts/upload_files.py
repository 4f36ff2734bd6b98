"""A user's uploads through the generated Depot client, for ``mypy --strict``: a file field takes
``bytes``, a binary file object or a ``(filename, content, content_type)`` tuple, a list of files
a list of those (issue 14, item 2).  Run as ``python upload_files.py BASE_URL FILE``.
"""

from __future__ import annotations

import io
import json
import sys

from depot_client import DepotClient


def upload(base_url: str, path: str) -> list[int]:
    with DepotClient(base_url=base_url, max_retries=0) as client:
        sizes = [client.files.upload_file(file=b"raw bytes", note="bytes").size]
        with open(path, "rb") as handle:
            sizes.append(client.files.upload_file(file=handle).size)
        sizes.append(client.files.upload_file(file=("notes.txt", b"hello", "text/plain")).size)
        batch = client.files.upload_files(files=[b"a", io.BytesIO(b"bb"), ("c.csv", b"1,2\n", "text/csv")])
        return sizes + [stored.size for stored in batch]


if __name__ == "__main__":
    print(json.dumps(upload(sys.argv[1], sys.argv[2])))
