/**
 * The exchange between a visitor and an app: one request from head to last byte, through routing,
 * admission and an upstream connection, streamed both ways with backpressure. Header rewriting
 * (hop-by-hop, forwarded) lives here too.
 */
package dev.portico.gateway.proxy;
