package dev.portico.gateway.egress;

import dev.portico.gateway.config.EgressConfig;
import dev.portico.gateway.failure.Failure;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts the decisions about one request in order: who asks (407), which destinations its tier may name
 * (403), its limits (429), the one lookup of the name (502), every address the lookup returned (403).
 * Reads one policy snapshot throughout. Runs on the request's event loop; only the lookup leaves it, and
 * its answer comes back there. Refusals are audited here; what is cleared is audited when it ends.
 */
final class Checkpoint {

    private final Egress egress;
    private final Policy policy;
    private final Ask ask;
    private final long startNanos = System.nanoTime();

    private Checkpoint(Egress egress, Ask ask) {
        this.egress = egress;
        this.policy = egress.policy();
        this.ask = ask;
    }

    /** Decides about {@code ask}; {@code done} is called once, on {@code loop}. */
    static void clear(Egress egress, EventLoop loop, Ask ask, Consumer<Clearance> done) {
        new Checkpoint(egress, ask).run(loop, done);
    }

    private void run(EventLoop loop, Consumer<Clearance> done) {
        Identities.Identity id = policy.identities().identify(ask.authorization(), ask.source());
        if (id instanceof Identities.Unknown u) {
            done.accept(refuse(null, Failure.EGRESS_AUTH, u.problem(), AuditRecord.AUTH_REQUIRED, "credentials",
                    null, 0));
            return;
        }
        Caller caller = ((Identities.Known) id).caller();
        Target target = ask.target();
        Verdict verdict = policy.beforeLookup(caller, target);
        if (!verdict.allowed()) {
            done.accept(denied(caller, verdict, null));
            return;
        }
        AccountLimiter limiter = egress.limits().of(caller);
        if (!limiter.withinRate()) {
            done.accept(refuse(caller, Failure.EGRESS_RATE_LIMITED, "Account " + caller.account() + " may make "
                    + number(caller.limits().rate()) + " requests a second (rate).", AuditRecord.RATE_LIMITED, "rate",
                    null, limiter.retryAfterSeconds()));
            return;
        }
        Slot slot = limiter.slot();
        if (slot == null) {
            done.accept(refuse(caller, Failure.EGRESS_RATE_LIMITED, "Account " + caller.account() + " may hold "
                    + caller.limits().maxTunnels() + " connections at once (max.tunnels); close one first.",
                    AuditRecord.RATE_LIMITED, "max_tunnels", null, 1));
            return;
        }
        if (target.host().isAddress()) {
            InetAddress literal;
            try {
                literal = InetAddress.getByAddress(target.host().address()); // no lookup: bytes in, bytes out
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always an address", e);
            }
            done.accept(checked(caller, List.of(literal), slot, verdict));
            return;
        }
        EgressConfig.Timeouts t = policy.config().policy().timeouts();
        Future<List<InetAddress>> lookup = egress.resolver().resolve(target.host().name(), loop, t.dns());
        lookup.addListener(f -> {
            if (!lookup.isSuccess()) {
                slot.release();
                done.accept(refuse(caller, Failure.EGRESS_DNS, target.hostText() + " could not be resolved: "
                        + lookup.cause().getMessage(), AuditRecord.FAILED, "dns", null, 0));
                return;
            }
            done.accept(checked(caller, lookup.getNow(), slot, verdict));
        });
    }

    private Clearance checked(Caller caller, List<InetAddress> addresses, Slot slot, Verdict before) {
        Verdict after = policy.afterLookup(ask.target(), addresses);
        if (!after.allowed()) {
            slot.release();
            return denied(caller, after, after.address());
        }
        return new Clearance.Cleared(caller, addresses, slot, before);
    }

    private Clearance denied(Caller caller, Verdict v, String address) {
        String help = policy.config().policy().help();
        return refuse(caller, Failure.EGRESS_DENIED, "Reason: " + v.detail() + "\n" + help, AuditRecord.DENIED,
                v.reason().label(), address, 0);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private Clearance refuse(Caller caller, Failure failure, String reason, String decision, String label,
                             String address, long retryAfter) {
        Target target = ask.target();
        String who = caller == null ? "" : "Account: " + caller.account() + " (" + caller.tier().label() + " tier)\n";
        String detail = "Destination: " + target + "\n" + who + reason;
        egress.audit().record(new AuditRecord(ask.client(), caller == null ? "-" : caller.account(),
                caller == null ? AuditRecord.NO_TIER : caller.tier().label(), ask.method(), target.hostText(),
                target.port(), address, decision, label, failure.status().code(), 0, 0,
                System.nanoTime() - startNanos));
        return new Clearance.Refused(failure, detail, retryAfter);
    }
}
