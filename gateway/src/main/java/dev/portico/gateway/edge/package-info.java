/**
 * The edge: listeners, the downstream pipeline (HTTP/1.1 framing with strict checks, head and idle
 * timers, connection caps), TLS by SNI and HTTP/2. It turns visitors' bytes into requests for the proxy.
 */
package dev.portico.gateway.edge;
