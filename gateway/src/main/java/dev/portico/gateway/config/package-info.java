/**
 * Everything configurable, as immutable records parsed once from the config folder.
 *
 * <p>This is the only package that touches Commons Configuration. Every problem is reported as
 * {@code file:key: what is wrong (expected ...)} so that an operator can fix it without reading code.
 */
package dev.portico.gateway.config;
