/**
 * The one taxonomy of failures the gateway answers itself (status, {@code X-Portico-Failure} flag, metric
 * label) and the one renderer of their responses.
 */
package dev.portico.gateway.failure;
