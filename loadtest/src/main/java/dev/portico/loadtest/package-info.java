/**
 * Portico's load-test module: {@code java -jar loadtest.jar <command>} runs simulated apps
 * ({@code serve}), the load generator ({@code load}), the benchmark scenarios and the report. The
 * command line, durations, the transport and the JSON mapper live here; each concept has its package.
 */
package dev.portico.loadtest;
