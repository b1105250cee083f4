/**
 * The egress proxy: users' apps reach the outside world through it ({@code http_proxy},
 * {@code https_proxy}): CONNECT tunnels and absolute-form plain HTTP, one account's tier deciding which
 * destinations it may reach, and no tier reaching the platform's own network.
 *
 * <p>Plain classes decide ({@link dev.portico.gateway.egress.Policy}, {@link dev.portico.gateway.egress.Identities},
 * {@link dev.portico.gateway.egress.SpecialRanges}, {@link dev.portico.gateway.egress.AccountLimits}); the
 * {@link dev.portico.gateway.egress.Checkpoint} puts them in order around the one name lookup; handlers
 * only carry bytes ({@link dev.portico.gateway.egress.Tunnel}, {@link dev.portico.gateway.egress.Forward}).
 */
package dev.portico.gateway.egress;
