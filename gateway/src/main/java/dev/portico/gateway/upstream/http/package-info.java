/** HTTP/1.1 upstreams over TCP or unix sockets. */
package dev.portico.gateway.upstream.http;
