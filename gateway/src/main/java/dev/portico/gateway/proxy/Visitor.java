package dev.portico.gateway.proxy;

import dev.portico.gateway.config.Cidr;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/** Who is on the other end of a downstream connection, worked out once per connection. */
public record Visitor(String address, InetAddress inet, int port, int localPort, boolean secure, boolean trusted) {

    /** For a connection, or an HTTP/2 stream (whose parent is the connection). */
    public static Visitor of(Channel ch, boolean secure, List<Cidr> trustedProxies) {
        Channel conn = ch.parent() != null && !(ch.remoteAddress() instanceof InetSocketAddress) ? ch.parent() : ch;
        SocketAddress remote = conn.remoteAddress();
        SocketAddress local = conn.localAddress();
        int localPort = local instanceof InetSocketAddress l ? l.getPort() : 0;
        if (remote instanceof InetSocketAddress r && r.getAddress() != null) {
            InetAddress a = r.getAddress();
            return new Visitor(a.getHostAddress(), a, r.getPort(), localPort, secure,
                    ForwardedHeaders.trusted(a, trustedProxies));
        }
        return new Visitor("127.0.0.1", null, 0, localPort, secure, false);
    }
}
