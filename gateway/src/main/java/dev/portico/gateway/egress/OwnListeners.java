package dev.portico.gateway.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway's own bound listeners, which no egress connection may reach (a client would otherwise
 * reach the admin API, or loop through the proxy itself). A listener bound to a wildcard address is
 * reachable on every address of this host, so those are listed once, when the proxy starts.
 */
final class OwnListeners {

    private final Supplier<List<InetSocketAddress>> bound;
    private final Set<InetAddress> local;

    OwnListeners(Supplier<List<InetSocketAddress>> bound) {
        this.bound = bound;
        this.local = localAddresses();
    }

    /** Whether {@code address:port} reaches one of the gateway's listeners. */
    boolean contains(InetAddress address, int port) {
        for (InetSocketAddress l : bound.get()) {
            if (l.getPort() != port) {
                continue;
            }
            InetAddress a = l.getAddress();
            if (address.isAnyLocalAddress() || a == null || a.equals(address)) {
                return true;
            }
            if (a.isAnyLocalAddress() && (address.isLoopbackAddress() || local.contains(address))) {
                return true;
            }
        }
        return false;
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(ni.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interfaces listed: loopback and the exact bound addresses are still recognised
        }
        return out;
    }
}
