/**
 * Live numbers per app for the admin API and the dashboard: requests per second, latency percentiles,
 * error and rejection rates over the last minute, kept in small rolling windows fed by the end of
 * every exchange. Prometheus has the long-term series; these answer "what is happening now".
 */
package dev.portico.gateway.live;
