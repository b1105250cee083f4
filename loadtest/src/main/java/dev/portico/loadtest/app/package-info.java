/**
 * Simulated uWSGI-style apps: N workers each serving one request at a time, excess requests waiting in a
 * bounded listen queue, service times drawn from a distribution, over HTTP/1.1 or the uwsgi protocol, on
 * TCP or unix sockets. The demo and the benchmarks run them.
 */
package dev.portico.loadtest.app;
