package dev.portico.gateway.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.upstream.ConnectionPool;
import dev.portico.gateway.upstream.RequestContext;
import dev.portico.gateway.upstream.UpstreamHandler;
import dev.portico.gateway.upstream.UpstreamListener;
import dev.portico.gateway.upstream.WholeResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP pipeline to an app as the exchange drives it: which answers come whole, which decoded. */
class AppHttpCodecTest {

    private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", 5000, 80, false,
            "app.test", "id", "app");
    private static final String PLAIN = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final List<Object> received = new ArrayList<>();
    private boolean takesWhole = true;

    AppHttpCodecTest() {
        HttpProtocol.INSTANCE.initPipeline(ch.pipeline());
        ch.pipeline().addLast(new UpstreamHandler());
        ConnectionPool.attach(ch, new UpstreamListener() {
            @Override
            public boolean acceptsWholeResponse() {
                return takesWhole;
            }

            @Override
            public void upstreamWholeResponse(WholeResponse response) {
                received.add(response);
            }

            @Override
            public void upstreamResponse(HttpResponse response) {
                received.add(response);
            }

            @Override
            public void upstreamContent(HttpContent content) {
                received.add(content);
            }

            @Override
            public void upstreamReadComplete() {
            }

            @Override
            public void upstreamWritabilityChanged() {
            }

            @Override
            public void upstreamClosed(Throwable cause) {
            }
        });
    }

    @AfterEach
    void releaseAll() {
        received.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    private void send(HttpMethod method) {
        ch.writeOutbound(HttpProtocol.INSTANCE.requestHead(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/"),
                CONTEXT), LastHttpContent.EMPTY_LAST_CONTENT);
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }

    private void answer(String wire) {
        ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aPlainAnswerComesWholeEvenWhenItsHeadIsSplit() {
        send(HttpMethod.GET);
        answer("HTTP/1.1 200 OK\r\nContent-Le");
        assertThat(received).isEmpty();
        answer("ngth: 2\r\n\r\nok");
        assertThat(received).singleElement().isInstanceOf(WholeResponse.class);
        assertThat(((WholeResponse) received.get(0)).body().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
    }

    @Test
    void aHeadAnswerIsDecodedBodilessAndTheNextOneStillComesWhole() {
        send(HttpMethod.HEAD);
        send(HttpMethod.GET);
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + PLAIN);
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(received.get(1)).isInstanceOf(LastHttpContent.class);
        assertThat(((LastHttpContent) received.get(1)).content().readableBytes()).isZero();
        assertThat(received.get(2)).isInstanceOf(WholeResponse.class);
    }

    @Test
    void aBodyStillComingIsDecodedAndTheAnswerAfterItComesWhole() {
        send(HttpMethod.GET);
        send(HttpMethod.GET);
        answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab");
        answer("cd" + PLAIN);
        assertThat(received).hasSize(4);
        assertThat(received.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(received.get(1)).isInstanceOf(HttpContent.class).isNotInstanceOf(LastHttpContent.class);
        assertThat(received.get(2)).isInstanceOf(LastHttpContent.class);
        assertThat(received.get(3)).isInstanceOf(WholeResponse.class);
    }

    @Test
    void anExchangeThatTakesNoWholeAnswersGetsDecodedOnes() {
        takesWhole = false;
        send(HttpMethod.GET);
        answer(PLAIN);
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(((LastHttpContent) received.get(1)).content().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
    }

    @Test
    void anInformationalAnswerIsDecodedAndTheFinalOneComesWhole() {
        send(HttpMethod.POST);
        answer("HTTP/1.1 100 Continue\r\n\r\n" + PLAIN);
        assertThat(received).hasSize(3);
        assertThat(((HttpResponse) received.get(0)).status().code()).isEqualTo(100);
        assertThat(received.get(2)).isInstanceOf(WholeResponse.class);
    }
}
