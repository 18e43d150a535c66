"""The ceiling for the benchmark: a WSGI app that returns stored page bytes, nothing else.

BARE_PAGES is a folder with index.json ({name: path}) and one file per name with the body to return.
"""

import json
import os
from pathlib import Path

folder = Path(os.environ["BARE_PAGES"])
BODIES = {path: (folder / name).read_bytes() for name, path in json.loads((folder / "index.json").read_text()).items()}


def app(environ, start_response):
    path = environ["PATH_INFO"] + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
    body = BODIES.get(path, b"")
    start_response(
        "200 OK" if body or path == "/robots.txt" else "404 Not Found",
        [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
