"""The ceiling for the benchmark: a WSGI app that returns stored responses (headers and body), nothing else.

BARE_PAGES is a folder with index.json ({name: {"path": path, "headers": [[name, value], ...]}}) and one file
per name with the body to return.
"""

import json
import os
from pathlib import Path

folder = Path(os.environ["BARE_PAGES"])
RESPONSES = {
    page["path"]: ([tuple(header) for header in page["headers"]], (folder / name).read_bytes())
    for name, page in json.loads((folder / "index.json").read_text()).items()
}


def app(environ, start_response):
    path = environ["PATH_INFO"] + (f"?{environ['QUERY_STRING']}" if environ.get("QUERY_STRING") else "")
    if path not in RESPONSES:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    headers, body = RESPONSES[path]
    start_response("200 OK", headers)
    return [body]
