/** The command line: {@code run}, {@code check}, {@code demo}, {@code certs} (picocli). */
package dev.portico.gateway.cli;
