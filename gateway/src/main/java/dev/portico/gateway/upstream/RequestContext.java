package dev.portico.gateway.upstream;

/**
 * What a protocol may need to tell the app about the visitor beyond the HTTP request itself (uwsgi
 * sends these as CGI variables; HTTP sends them as forwarded headers).
 */
public record RequestContext(String remoteAddress, int remotePort, int serverPort, boolean secure,
                             String serverName, String requestId, String app) {
}
