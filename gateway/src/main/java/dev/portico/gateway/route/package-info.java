/**
 * Routing: a visitor's Host to the app that owns the domain. The table is an immutable snapshot,
 * swapped whole on reload; lookups never lock.
 */
package dev.portico.gateway.route;
