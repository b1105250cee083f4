/**
 * Static mappings: a URL prefix of an app served by the gateway from a folder, never by the app. Safe
 * path resolution (decoded once, normalised, confined to the folder after symlinks), a metadata and
 * small-file cache, conditional and range answers, precompressed siblings, zero-copy or chunked bodies.
 */
package dev.portico.gateway.staticfiles;
