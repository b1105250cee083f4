/**
 * Per-app access and error logs, as a hosting platform gives its users: {@code <app>.access.log} and
 * {@code <app>.error.log} in {@code logs.dir}, rotated by size and by day, gzip-compressed, the newest
 * {@code logs.keep} kept. Lines are written by one thread behind a bounded queue, so a slow disk costs
 * dropped (and counted) lines, never a slower request.
 */
package dev.portico.gateway.logs;
