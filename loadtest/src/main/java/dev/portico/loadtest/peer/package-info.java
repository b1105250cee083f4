/**
 * The processes a scenario starts besides its simulated apps: the Portico gateway (from its shaded jar,
 * on a config folder written by the DESIGN.md contract), nginx and HAProxy (Debian packages, configured
 * the same way), wrk and h2load, and test certificates from openssl.
 */
package dev.portico.loadtest.peer;
