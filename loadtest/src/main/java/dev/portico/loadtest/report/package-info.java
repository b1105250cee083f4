/**
 * What a scenario leaves behind (a JSON file: machine, command, tables, charts, goals, raw runs) and the
 * report built from such files: {@code docs/BENCHMARKS.md} with SVG charts.
 */
package dev.portico.loadtest.report;
