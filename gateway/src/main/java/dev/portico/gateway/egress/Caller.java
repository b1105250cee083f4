package dev.portico.gateway.egress;

import dev.portico.gateway.config.EgressConfig;

/**
 * Who is asking: an account (or {@link #ANONYMOUS}), its tier and limits, and how it was recognised
 * ({@code token}, {@code from} for a source address range, {@code anonymous}).
 */
record Caller(String account, EgressConfig.Tier tier, EgressConfig.Limits limits, String via) {

    static final String ANONYMOUS = "anonymous";
}
