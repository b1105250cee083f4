/**
 * Access control in front of an app: HTTP basic auth against the users of {@code auth.basic}, with
 * bcrypt checks kept off the event loop and their verdicts remembered briefly.
 */
package dev.portico.gateway.auth;
