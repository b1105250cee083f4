package dev.portico.gateway.egress;

import java.net.InetAddress;

/**
 * One request as the checkpoint sees it: the client's address, the method ({@code CONNECT}, {@code GET},
 * ...), the destination, and the {@code Proxy-Authorization} header (null when absent).
 */
record Ask(InetAddress source, String method, Target target, String authorization) {

    String client() {
        return source == null ? "-" : source.getHostAddress();
    }
}
