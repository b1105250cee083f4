/**
 * Portico: a gateway for hosted web apps. {@link dev.portico.gateway.Gateway} assembles the parts
 * (config, listeners, proxy, admin) into one running process.
 */
package dev.portico.gateway;
