package dev.portico.gateway.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client over one TLS connection (Netty, ALPN h2, trusting the test CA and checking the served
 * name): concurrent requests on streams of that one connection, and the frames an abusive client sends.
 */
public final class H2Client implements AutoCloseable {

    /** A whole answer on one stream. */
    public record Response(int status, io.netty.handler.codec.http.HttpHeaders headers, byte[] bytes) {

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final EventLoopGroup group;
    private final Channel channel;
    private final Http2StreamChannelBootstrap streams;
    private final CompletableFuture<Long> goAway = new CompletableFuture<>();
    private final CompletableFuture<Http2Settings> settings = new CompletableFuture<>();

    private H2Client(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
        this.streams = new Http2StreamChannelBootstrap(channel);
    }

    public static H2Client connect(int port, String sni, X509Certificate trusted) throws Exception {
        SslContext ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trusted)
                .endpointIdentificationAlgorithm("HTTPS")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<Long> goAway = new CompletableFuture<>();
        CompletableFuture<Http2Settings> settings = new CompletableFuture<>();
        H2Client[] self = new H2Client[1];
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(ssl.newHandler(c.alloc(), sni, port));
                        c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                        c.pipeline().addLast(new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                // no server push expected
                            }
                        }));
                        c.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof Http2GoAwayFrame g) {
                                    self[0].goAway.complete(g.errorCode());
                                } else if (msg instanceof Http2SettingsFrame s) {
                                    self[0].settings.complete(s.settings());
                                }
                            }
                        });
                    }
                }).connect("127.0.0.1", port).sync().channel();
        self[0] = new H2Client(group, ch);
        SslHandler handler = ch.pipeline().get(SslHandler.class);
        handler.handshakeFuture().sync();
        if (!ApplicationProtocolNames.HTTP_2.equals(handler.applicationProtocol())) {
            throw new AssertionError("ALPN chose " + handler.applicationProtocol() + ", not h2");
        }
        return self[0];
    }

    /** One request on a new stream of this connection. */
    public CompletableFuture<Response> request(String method, String authority, String path, byte[] body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.HOST, authority);
        if (body != null) {
            req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        return onNewStream(req);
    }

    /**
     * A request with no body whose header block is sent exactly as given (pseudo-headers included), for
     * what the HTTP object codec would not send, such as a {@code host} field beside {@code :authority}.
     */
    public CompletableFuture<Response> requestHeaders(Http2Headers headers) {
        return requestHeaders(headers, true);
    }

    /** As {@link #requestHeaders(Http2Headers)}; without {@code endStream} the request's body is still to come. */
    public CompletableFuture<Response> requestHeaders(Http2Headers headers, boolean endStream) {
        return onNewStream(new DefaultHttp2HeadersFrame(headers, endStream));
    }

    private CompletableFuture<Response> onNewStream(Object request) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        streams.open().addListener(f -> {
            if (!f.isSuccess()) {
                io.netty.util.ReferenceCountUtil.release(request);
                answer.completeExceptionally(f.cause());
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false),
                    new HttpObjectAggregator(16 * 1024 * 1024),
                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                            answer.complete(new Response(res.status().code(), res.headers().copy(),
                                    io.netty.buffer.ByteBufUtil.getBytes(res.content())));
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            answer.completeExceptionally(new IllegalStateException("stream closed without answer"));
                        }
                    });
            stream.writeAndFlush(request);
        });
        return answer;
    }

    public CompletableFuture<Response> get(String authority, String path) {
        return request("GET", authority, path, null);
    }

    /**
     * The rapid-reset pattern: {@code n} times, open a stream with a request head and cancel it at once
     * (RST_STREAM), in bursts of 100 on the event loop, which reads what the server says in between.
     */
    public void resetFlood(String authority, int n) {
        channel.eventLoop().execute(() -> floodBurst(authority, 0, n));
    }

    private void floodBurst(String authority, int from, int n) {
        int to = Math.min(n, from + 100);
        for (int i = from; i < to && channel.isActive(); i++) {
            Http2StreamChannel s = streams.open().syncUninterruptibly().getNow();
            Http2Headers h = new DefaultHttp2Headers().method("GET").scheme("https").authority(authority)
                    .path("/flood/" + i);
            s.write(new DefaultHttp2HeadersFrame(h, false));
            s.close(); // RST_STREAM CANCEL
        }
        channel.flush();
        if (to < n && channel.isActive()) {
            channel.eventLoop().execute(() -> floodBurst(authority, to, n));
        }
    }

    /** The GOAWAY error code the server sent, once it sends one. */
    public CompletableFuture<Long> goAway() {
        return goAway;
    }

    public Http2Settings serverSettings() throws Exception {
        return settings.get(10, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Whether the connection is closed within {@code millis} (by the server, in the tests that ask). */
    public boolean closedWithin(long millis) {
        return channel.closeFuture().awaitUninterruptibly(millis);
    }

    /** Waits for every answer and returns them in order. */
    public static List<Response> all(List<CompletableFuture<Response>> answers) throws Exception {
        List<Response> out = new ArrayList<>();
        for (CompletableFuture<Response> a : answers) {
            out.add(a.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
