/**
 * The load generator: open loop at a fixed arrival rate (latency measured from each request's intended
 * send time, which corrects coordinated omission) or closed loop for peak throughput; HTTP/1.1 keep-alive
 * or a new connection per request, plain, TLS, or through a CONNECT tunnel; per-workload status counts,
 * HdrHistogram latencies, a progress line every second.
 */
package dev.portico.loadtest.gen;
