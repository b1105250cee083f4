/** Every metric name Portico exports, in one place (Prometheus client_java). Labels stay bounded. */
package dev.portico.gateway.metrics;
