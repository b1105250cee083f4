package dev.portico.loadtest.gen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opens a CONNECT tunnel through a forward proxy before anything else is sent: writes the CONNECT
 * request on connect, waits for the proxy's answer head, then removes itself and fires
 * {@link Established} (status 200) or {@link Refused} (any other status) down the pipeline.
 */
final class ConnectTunnelHandler extends ChannelInboundHandlerAdapter {

    /** The tunnel is open; bytes now go to the destination. */
    static final Object ESTABLISHED = new Established();

    /** The tunnel is open. */
    static final class Established {
    }

    /** The proxy answered {@code status} instead of opening the tunnel. */
    record Refused(int status) {
    }

    private static final int MAX_HEAD = 16 * 1024;

    private final String authority;
    private final String credentials;
    private ByteBuf head;

    ConnectTunnelHandler(String destinationAddress, int destinationPort, String credentials) {
        this.authority = destinationAddress + ":" + destinationPort;
        this.credentials = credentials;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String auth = credentials == null ? "" : "Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(),
                "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + auth + "\r\n"));
        head = ctx.alloc().buffer(256);
        // channelActive is not passed on: the connection is usable only once the tunnel is open
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        head.writeBytes(in);
        in.release();
        int end = ByteBufUtil.indexOf(head, 0, head.writerIndex(), (byte) '\n');
        int blank = indexOfBlankLine(head);
        if (blank < 0) {
            if (head.readableBytes() > MAX_HEAD) {
                ctx.close();
            }
            return;
        }
        String statusLine = head.toString(0, Math.max(0, end), StandardCharsets.US_ASCII).trim();
        int status = parseStatus(statusLine);
        ByteBuf rest = head.retainedSlice(blank, head.writerIndex() - blank);
        head.release();
        head = null;
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(status == 200 ? ESTABLISHED : new Refused(status));
        if (rest.isReadable() && status == 200) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
    }

    /** The index just after the CRLFCRLF that ends the head, or -1. */
    private static int indexOfBlankLine(ByteBuf b) {
        for (int i = 0; i + 3 < b.writerIndex(); i++) {
            if (b.getByte(i) == '\r' && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r' && b.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int parseStatus(String line) {
        String[] parts = line.split(" ");
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (head != null) {
            head.release();
            head = null;
        }
    }
}
