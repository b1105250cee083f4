package dev.portico.gateway.egress;

import dev.portico.gateway.config.HostForm;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The one idle plain-HTTP upstream connection a client connection keeps between requests (keep-alive on
 * the destination side), with whom and where it served. Lives on the client's event loop.
 */
final class KeptUpstream {

    private Channel channel;
    private String account;
    private HostForm host;
    private int port;

    /**
     * The kept connection when it suits the next request: same account and destination, and connected to
     * one of the addresses just checked for it. Otherwise it is closed, and null returned.
     */
    Channel take(String account, Target target, List<InetAddress> checked) {
        Channel ch = channel;
        channel = null;
        if (ch == null) {
            return null;
        }
        if (ch.isActive() && this.account.equals(account) && host.equals(target.host()) && port == target.port()
                && ch.remoteAddress() instanceof InetSocketAddress a && checked.contains(a.getAddress())) {
            return ch;
        }
        ch.close();
        return null;
    }

    /** Keeps {@code upstream}; it reads while idle, so that a close (or an unasked answer) ends it. */
    void keep(Channel upstream, String account, Target target) {
        drop();
        UpstreamLink.of(upstream).detach();
        this.channel = upstream;
        this.account = account;
        this.host = target.host();
        this.port = target.port();
        upstream.read();
    }

    void drop() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
