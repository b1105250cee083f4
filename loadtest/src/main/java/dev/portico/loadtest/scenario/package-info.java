/**
 * The benchmark scenarios ({@code throughput}, {@code tls}, {@code h2}, {@code neighbour}, {@code reload},
 * {@code scale}, {@code egress}): each starts what it needs on 127.0.0.1, alternates the targets in one
 * invocation, reports ratios and goals, and saves a JSON result for the report.
 */
package dev.portico.loadtest.scenario;
