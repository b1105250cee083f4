package dev.portico.gateway.egress;

import static java.util.Objects.requireNonNull;

import dev.portico.gateway.Transport;
import dev.portico.gateway.config.EgressConfig;
import dev.portico.gateway.config.GatewayConfig;
import dev.portico.gateway.metrics.Metrics;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress proxy's shared parts, one per process: the policy in force (swapped whole on reload; a
 * request reads it once, and an open tunnel never again), the accounts' limits, the resolver, the audit
 * log, and what it needs of the gateway.
 */
public final class Egress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Egress.class);

    private final AtomicReference<Policy> policy = new AtomicReference<>();
    private final AccountLimits limits = new AccountLimits();
    private final Resolver resolver = new Resolver(16);
    private final AuditLog audit;
    private final OwnListeners own;
    private final Transport transport;
    private final Supplier<GatewayConfig> gateway;

    /**
     * @param listeners the addresses the gateway listens on now, all of which egress refuses to reach
     */
    public Egress(EgressConfig config, Metrics metrics, Transport transport, Supplier<GatewayConfig> gateway,
                  Supplier<List<InetSocketAddress>> listeners) {
        this.audit = new AuditLog(requireNonNull(metrics, "metrics"));
        this.own = new OwnListeners(requireNonNull(listeners, "listeners"));
        this.transport = requireNonNull(transport, "transport");
        this.gateway = requireNonNull(gateway, "gateway");
        apply(config);
    }

    /** Puts {@code config} in force for every request from now on; tunnels already open are left alone. */
    public void apply(EgressConfig config) {
        Policy previous = policy.getAndSet(new Policy(config, own));
        limits.retain(config.accounts().keySet());
        if (previous == null || !previous.config().equals(config)) {
            log.info("egress policy: {} accounts, {} allowlist entries, ports {}, anonymous {}",
                    config.accounts().size(), config.allowlist().size(), config.policy().ports(),
                    config.policy().anonymous().map(EgressConfig.Tier::label).orElse("denied"));
        }
    }

    Policy policy() {
        return policy.get();
    }

    AccountLimits limits() {
        return limits;
    }

    Resolver resolver() {
        return resolver;
    }

    AuditLog audit() {
        return audit;
    }

    Transport transport() {
        return transport;
    }

    GatewayConfig gateway() {
        return gateway.get();
    }

    @Override
    public void close() {
        resolver.close();
        audit.close();
    }
}
