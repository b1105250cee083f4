package dev.portico.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last on an HTTP/2 connection: says in the log why the codec ended a connection (a reset flood as a
 * warning, other protocol errors at debug). The codec itself sends the GOAWAY and closes; closing here
 * first would send a graceful GOAWAY (NO_ERROR) ahead of the one that says what went wrong. Any other
 * exception that gets this far closes the connection.
 */
final class Http2ErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2ErrorHandler.class);

    private final int maxResetsPerSecond;

    Http2ErrorHandler(int maxResetsPerSecond) {
        this.maxResetsPerSecond = maxResetsPerSecond;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception e) {
            if (e.error() == Http2Error.ENHANCE_YOUR_CALM) {
                log.warn("HTTP/2 connection from {} closed with GOAWAY ENHANCE_YOUR_CALM: {} (http2.max.resets = {} "
                        + "a second)", ctx.channel().remoteAddress(), e.getMessage(), maxResetsPerSecond);
            } else {
                log.debug("HTTP/2 connection from {} ended: {}", ctx.channel().remoteAddress(), e.toString());
            }
            return;
        }
        log.debug("HTTP/2 connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
