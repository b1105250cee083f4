/**
 * The uwsgi binary protocol to Python (WSGI) apps in uWSGI worker pools, as nginx's {@code uwsgi_pass}
 * speaks it: the request head goes out as one packet of CGI variables, the body follows raw, and the
 * app answers with a plain HTTP/1.x response on a connection that carries that one request only.
 */
package dev.portico.gateway.upstream.uwsgi;
