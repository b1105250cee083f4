/**
 * Bare Netty relays that the throughput scenario measures beside Portico: what a proxy built on Netty
 * costs before any work of its own, once for bytes alone and once through Netty's HTTP codecs.
 */
package dev.portico.loadtest.relay;
