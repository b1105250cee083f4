"""The demo's WSGI app, run by ./portico demo under real uWSGI (when installed) behind Portico."""


def application(environ, start_response):
    keys = ["REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "REMOTE_ADDR", "wsgi.url_scheme"]
    lines = [f"{k} = {environ.get(k)}" for k in keys]
    body = ("hello from a WSGI app under uWSGI, reached over the uwsgi protocol\n\n" + "\n".join(lines) + "\n").encode()
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
