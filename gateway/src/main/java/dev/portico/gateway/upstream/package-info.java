/**
 * An app's endpoints, the choice among them, and per-event-loop pools of connections to them. The
 * protocols ({@code http}, {@code uwsgi}) only say how a request is framed on the wire.
 */
package dev.portico.gateway.upstream;
