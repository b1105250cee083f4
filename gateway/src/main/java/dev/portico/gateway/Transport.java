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
 * The Netty transport in use: io_uring on a Linux kernel that offers it, native epoll where it does not,
 * NIO elsewhere (logged, and without unix sockets). {@code -Dportico.transport} picks one.
 */
public final class Transport {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    private enum Kind { EPOLL, IO_URING, NIO }

    private final Kind kind;

    private Transport(Kind kind) {
        this.kind = kind;
    }

    /**
     * io_uring when the kernel offers it, else native epoll when its library loads, else NIO;
     * {@code -Dportico.transport=epoll} skips io_uring and {@code =nio} forces NIO. A native transport
     * that was asked for but is not offered falls back (with a warning) as above.
     *
     * @throws IllegalArgumentException when {@code portico.transport} names no transport
     */
    public static Transport detect() {
        String asked = System.getProperty("portico.transport", "").trim();
        switch (asked) {
            case "", "io_uring", "epoll", "nio" -> { }
            default -> throw new IllegalArgumentException("-Dportico.transport=" + asked
                    + " is not a transport: use io_uring, epoll or nio (or leave it out)");
        }
        if ("nio".equals(asked)) {
            log.info("transport: NIO (forced by -Dportico.transport=nio)");
            return new Transport(Kind.NIO);
        }
        if (!"epoll".equals(asked)) {
            if (IoUring.isAvailable()) {
                return new Transport(Kind.IO_URING);
            }
            String why = IoUring.unavailabilityCause().toString();
            if ("io_uring".equals(asked)) {
                log.warn("transport: io_uring asked for but unavailable ({}); trying epoll", why);
            } else {
                log.info("transport: io_uring unavailable ({}); trying epoll", why);
            }
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
