/**
 * The apps the gateway serves right now: each configured app with its live state (limits, endpoints,
 * metrics), and the routing snapshot that the proxy reads. A reload swaps the snapshot in one step and
 * keeps the live state of every app whose settings it can carry over.
 */
package dev.portico.gateway.app;
