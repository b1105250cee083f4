"""Portico's demo Python app: a plain WSGI app for real uWSGI, reached over the uwsgi protocol.

Run it the way the demo does:
  uwsgi --plugin python3 --master --processes 2 --die-on-term --buffer-size 65535 \
        --socket 127.0.0.1:<port> --wsgi-file routing-config/demo-apps/wsgi_demo.py
and point an app at it with  backends = uwsgi://127.0.0.1:<port>

Every path answers 200 with a short page showing what the app received from the gateway.
"""
import html
import os

SHOWN = [
    ("Host asked for", "SERVER_NAME"),
    ("Path (PATH_INFO)", "PATH_INFO"),
    ("Query string", "QUERY_STRING"),
    ("Raw request URI", "REQUEST_URI"),
    ("Method", "REQUEST_METHOD"),
    ("Scheme", "wsgi.url_scheme"),
    ("Visitor address", "REMOTE_ADDR"),
    ("Forwarded for", "HTTP_X_FORWARDED_FOR"),
    ("Request id", "HTTP_X_REQUEST_ID"),
]


def application(environ, start_response):
    rows = "".join(
        "<tr><th>%s</th><td><code>%s</code></td></tr>" % (html.escape(label), html.escape(str(environ.get(key, ""))))
        for label, key in SHOWN)
    page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Portico demo: Python on uWSGI</title>"
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;color:#222}"
            "th{text-align:left;padding-right:1em;font-weight:normal;color:#555}</style></head><body>"
            "<h1>Hello from Python on uWSGI</h1>"
            "<p>This page was made by a WSGI app in a uWSGI worker (pid %d), reached by Portico over the "
            "uwsgi protocol.</p><table>%s</table></body></html>\n" % (os.getpid(), rows)).encode("utf-8")
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))])
    return [page]
