"""A WSGI app for Portico's uwsgi tests: answers with the environ it was called with, as JSON.

/stream/<n>      200 with n blocks of 64 KiB (bytes 0..255 repeated), no Content-Length
/cut             promises 1 MiB, sends 64 KiB, then fails: the app cuts its answer short
/slow?ms=<n>     waits n ms first; with &mark=<dir>, writes <dir>/<instance>.started when it begins
anything else    201 with the environ's text values, the body's length and md5, and two Set-Cookie
"""
import hashlib
import json
import os
import time
from urllib.parse import parse_qs

INSTANCE = os.environ.get("PORTICO_TEST_INSTANCE", "")
BLOCK = bytes(range(256)) * 256


def application(environ, start_response):
    path = environ["PATH_INFO"]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if path.startswith("/stream/"):
        n = int(path.split("/")[2])
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return (BLOCK for _ in range(n))
    if path == "/cut":
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(1 << 20))])
        return cut_short()
    body = environ["wsgi.input"].read()
    if path == "/slow":
        if "mark" in query:
            with open(os.path.join(query["mark"][0], INSTANCE + ".started"), "w") as f:
                f.write(str(os.getpid()))
        time.sleep(int(query.get("ms", ["100"])[0]) / 1000)
    out = {k: v for k, v in environ.items() if isinstance(v, str)}
    out["body_len"] = len(body)
    out["body_md5"] = hashlib.md5(body).hexdigest()
    out["instance"] = INSTANCE
    out["pid"] = os.getpid()
    data = json.dumps(out).encode()
    start_response("201 Created", [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                                   ("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/")])
    return [data]


def cut_short():
    yield BLOCK
    raise RuntimeError("the app fails in the middle of its answer")
