package dev.portico.gateway;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport in use: native epoll on Linux, io_uring when asked for, NIO elsewhere (logged, and without
 * unix sockets).
 */
public final class Transport {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    private enum Kind { EPOLL, IO_URING, NIO }

    private final Kind kind;

    private Transport(Kind kind) {
        this.kind = kind;
    }

    /**
     * Native epoll when its library loads, else NIO; {@code -Dportico.transport=io_uring} asks for io_uring
     * (epoll when the kernel does not offer it) and {@code =nio} for NIO.
     */
    public static Transport detect() {
        String asked = System.getProperty("portico.transport", "");
        if ("nio".equals(asked)) {
            log.info("transport: NIO (forced by -Dportico.transport=nio)");
            return new Transport(Kind.NIO);
        }
        if ("io_uring".equals(asked)) {
            if (IoUring.isAvailable()) {
                return new Transport(Kind.IO_URING);
            }
            log.warn("transport: io_uring asked for but unavailable ({}); trying epoll",
                    IoUring.unavailabilityCause().toString());
        }
        if (Epoll.isAvailable()) {
            return new Transport(Kind.EPOLL);
        }
        log.warn("transport: NIO fallback, native epoll unavailable ({}); unix-socket backends will not work",
                Epoll.unavailabilityCause().toString());
        return new Transport(Kind.NIO);
    }

    /** Whether the transport is a native Linux one (epoll or io_uring), with SO_REUSEPORT and unix sockets. */
    public boolean isNative() {
        return kind != Kind.NIO;
    }

    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory io = switch (kind) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (kind) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends Channel> socketChannel() {
        return switch (kind) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** The unix-socket channel class, or null where the transport has none. */
    public Class<? extends Channel> domainSocketChannel() {
        return switch (kind) {
            case EPOLL -> EpollDomainSocketChannel.class;
            case IO_URING -> IoUringDomainSocketChannel.class;
            case NIO -> null;
        };
    }
}
