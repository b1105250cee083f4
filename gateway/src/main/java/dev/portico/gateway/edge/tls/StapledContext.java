package dev.portico.gateway.edge.tls;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import javax.net.ssl.SSLEngine;

/** A certificate's context that staples its current OCSP response to each new handshake. */
final class StapledContext extends DelegatingSslContext {

    private final Staple staple;

    StapledContext(SslContext context, Staple staple) {
        super(context);
        this.staple = staple;
    }

    Staple staple() {
        return staple;
    }

    @Override
    protected void initEngine(SSLEngine engine) {
        byte[] response = staple.response();
        if (response != null && engine instanceof ReferenceCountedOpenSslEngine e) {
            e.setOcspResponse(response);
        }
    }
}
