package dev.portico.gateway.failure;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every answer the gateway makes instead of the app. The flag goes out as {@code X-Portico-Failure} and
 * is the {@code reason} label in metrics; the hint tells the visitor (or the app's owner) what to do.
 */
public enum Failure {
    NO_ROUTE(404, "no_route", "No site here",
            "No site is configured for this host name. Check the address, or add the domain to an app."),
    NOT_FOUND(404, "not_found", "Not found", "There is no file at this address."),
    BAD_REQUEST(400, "bad_request", "Bad request",
            "The request could not be understood; it was not passed to the site."),
    AUTH_REQUIRED(401, "auth_required", "Password required", "This site asks for a user name and password."),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed",
            "Static files answer GET and HEAD only."),
    REQUEST_TIMEOUT(408, "request_timeout", "Request timeout",
            "The request head did not arrive in time; the connection is closed."),
    BODY_TOO_LARGE(413, "body_too_large", "Request body too large",
            "The request body is larger than this site accepts (its max.body)."),
    URI_TOO_LONG(414, "uri_too_long", "Address too long", "The request line is longer than the gateway accepts."),
    RANGE_NOT_SATISFIABLE(416, "range_not_satisfiable", "Range not satisfiable",
            "The requested byte range lies outside the file."),
    RATE_LIMITED(429, "rate_limited", "Too many requests",
            "This site receives more requests per second than it accepts. Retry after the indicated time."),
    HEADERS_TOO_LARGE(431, "headers_too_large", "Request headers too large",
            "The request headers are larger than the gateway accepts; try clearing this site's cookies."),
    INTERNAL(500, "internal", "Gateway error", "The gateway failed to handle this request."),
    VERSION_NOT_SUPPORTED(505, "version_not_supported", "HTTP version not supported",
            "The gateway answers HTTP/1.0 and HTTP/1.1, and HTTP/2 over TLS (negotiated by ALPN)."),
    UPSTREAM_CONNECT(502, "upstream_connect", "Site unavailable",
            "The site's application could not be reached. If you own it, check that it is running."),
    UPSTREAM_RESET(502, "upstream_reset", "Site closed the connection",
            "The site's application closed the connection before it answered."),
    UPSTREAM_PROTOCOL(502, "upstream_protocol", "Bad answer from the site",
            "The site's application sent an answer the gateway could not read."),
    QUEUE_FULL(503, "queue_full", "Site busy",
            "All of this site's workers are busy and its waiting line is full. Retry after the indicated time."),
    QUEUE_TIMEOUT(503, "queue_timeout", "Site busy",
            "All of this site's workers stayed busy for longer than it lets a request wait. Retry shortly."),
    CIRCUIT_OPEN(503, "circuit_open", "Site failing",
            "The site's application has been failing; the gateway lets it recover before sending more requests."),
    AUTH_BUSY(503, "auth_busy", "Sign-in busy",
            "Too many passwords are being checked at this moment. Retry in a moment."),
    WEBSOCKET_LIMIT(503, "websocket_limit", "Too many live connections",
            "This site has as many open WebSockets as it allows (its websocket.max)."),
    CONNECTION_LIMIT(503, "connection_limit", "Too many connections",
            "The gateway has as many connections as it allows from this address."),
    SHUTTING_DOWN(503, "shutting_down", "Restarting", "The gateway is restarting. Retry in a moment."),
    UPSTREAM_TIMEOUT(504, "upstream_timeout", "Site too slow",
            "The site's application did not answer in time (its timeout.response)."),
    EGRESS_DENIED(403, "egress_denied", "Destination not allowed",
            "This destination is not allowed for your account."),
    EGRESS_AUTH(407, "egress_auth_required", "Proxy credentials required",
            "Send Proxy-Authorization: Basic with your account name and token."),
    EGRESS_RATE_LIMITED(429, "egress_rate_limited", "Too many outbound requests",
            "Your account makes more outbound requests or tunnels than it may. Retry shortly."),
    EGRESS_DNS(502, "egress_dns", "Destination not found", "The destination's name could not be resolved."),
    EGRESS_CONNECT(502, "egress_connect", "Destination failed",
            "The destination refused the connection, closed it before answering, or sent an answer that is not HTTP."),
    EGRESS_TIMEOUT(504, "egress_timeout", "Destination timed out", "The destination did not answer in time.");

    private final HttpResponseStatus status;
    private final String flag;
    private final String title;
    private final String hint;

    Failure(int status, String flag, String title, String hint) {
        this.status = HttpResponseStatus.valueOf(status);
        this.flag = flag;
        this.title = title;
        this.hint = hint;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The {@code X-Portico-Failure} value and metric label. */
    public String flag() {
        return flag;
    }

    public String title() {
        return title;
    }

    public String hint() {
        return hint;
    }

    /** A 503 or 429: the visitor may retry, and is told when. */
    public boolean retryable() {
        return status.code() == 503 || status.code() == 429;
    }
}
