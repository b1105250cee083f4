/**
 * The admin listener: Prometheus metrics, health and readiness, the JSON API behind a bearer token, and
 * the dashboard.
 */
package dev.portico.gateway.admin;
