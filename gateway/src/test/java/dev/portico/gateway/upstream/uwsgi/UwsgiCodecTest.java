package dev.portico.gateway.upstream.uwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.upstream.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The uwsgi pipeline as the exchange drives it: head packet and body out, an HTTP/1.x answer in. */
class UwsgiCodecTest {

    private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", 5000, 80, false,
            "py.test", "id", "py");

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final List<Object> inbound = new ArrayList<>();

    UwsgiCodecTest() {
        UwsgiProtocol.INSTANCE.initPipeline(ch.pipeline());
    }

    @AfterEach
    void releaseAll() {
        inbound.forEach(io.netty.util.ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
    }

    private void send(HttpMethod method, String uri, String... bodyPieces) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        ch.writeOutbound(UwsgiProtocol.INSTANCE.requestHead(req, CONTEXT));
        for (int i = 0; i < bodyPieces.length; i++) {
            ByteBuf data = Unpooled.copiedBuffer(bodyPieces[i], StandardCharsets.US_ASCII);
            ch.writeOutbound(i == bodyPieces.length - 1 ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
        }
        if (bodyPieces.length == 0) {
            ch.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    private void answer(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        drainInbound();
    }

    private void drainInbound() {
        Object o;
        while ((o = ch.readInbound()) != null) {
            inbound.add(o);
        }
    }

    private String body() {
        StringBuilder b = new StringBuilder();
        for (Object o : inbound) {
            if (o instanceof HttpContent c) {
                b.append(c.content().toString(StandardCharsets.ISO_8859_1));
            }
        }
        return b.toString();
    }

    private boolean ended() {
        return !inbound.isEmpty() && inbound.get(inbound.size() - 1) instanceof LastHttpContent;
    }

    @Test
    void packetThenBodyBytesOnTheWire() {
        send(HttpMethod.POST, "/up", "hello ", "world");
        ByteBuf packet = ch.readOutbound();
        try {
            assertThat(PacketReader.map(packet)).containsEntry("REQUEST_METHOD", "POST").containsEntry("PATH_INFO", "/up");
        } finally {
            packet.release();
        }
        StringBuilder body = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            body.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        assertThat(body).hasToString("hello world");
    }

    @Test
    void responseReadUntilTheAppCloses() {
        send(HttpMethod.GET, "/");
        answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhel");
        answer("lo");
        assertThat(ended()).isFalse();
        ch.close();
        drainInbound();
        HttpResponse res = (HttpResponse) inbound.get(0);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.headers().getAll("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(body()).isEqualTo("hello");
        assertThat(ended()).isTrue();
    }

    @Test
    void responseFramedByContentLengthEndsWithoutAClose() {
        send(HttpMethod.GET, "/");
        answer("HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(((HttpResponse) inbound.get(0)).status().code()).isEqualTo(201);
        assertThat(body()).isEqualTo("hello");
        assertThat(ended()).isTrue();
    }

    @Test
    void answerToHeadHasNoBodyEvenWhenTheAppSendsOne() {
        send(HttpMethod.HEAD, "/");
        answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(inbound).hasSize(2);
        assertThat(((HttpResponse) inbound.get(0)).headers().get("Content-Length")).isEqualTo("5");
        assertThat(body()).isEmpty();
        assertThat(ended()).isTrue();
        answer("HTTP/1.1 200 OK\r\n\r\n"); // anything after the one response is dropped
        assertThat(inbound).hasSize(2);
    }

    @Test
    void informationalResponseSkippedToTheFinalOne() {
        send(HttpMethod.POST, "/", "x");
        answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(inbound.stream().filter(o -> o instanceof HttpResponse).map(o -> ((HttpResponse) o).status().code()))
                .containsExactly(100, 200);
        assertThat(body()).isEqualTo("ok");
        assertThat(ended()).isTrue();
    }

    @Test
    void responseCutShortNeverEnds() {
        send(HttpMethod.GET, "/");
        answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
        ch.close();
        drainInbound();
        assertThat(body()).isEqualTo("partial");
        assertThat(ended()).as("no LastHttpContent: the exchange sees the close and counts a truncation").isFalse();
    }

    @Test
    void garbageIsADecoderFailure() {
        send(HttpMethod.GET, "/");
        answer("this is not http\r\n\r\n");
        ch.close();
        drainInbound();
        assertThat(inbound).isNotEmpty();
        assertThat(((io.netty.handler.codec.DecoderResultProvider) inbound.get(0)).decoderResult().isFailure()).isTrue();
    }

    @Test
    void aHeaderNameWithASpaceIsADecoderFailureNotAShorterName() {
        send(HttpMethod.GET, "/");
        answer("HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 2\r\n\r\nok");
        assertThat(inbound).isNotEmpty();
        HttpResponse res = (HttpResponse) inbound.get(0);
        assertThat(res.decoderResult().isFailure()).isTrue();
        assertThat(res.decoderResult().cause()).hasMessageContaining("Bad Name");
        assertThat(res.headers().contains("Bad")).isFalse();
    }

    @Test
    void whitespaceBeforeAColonIsDroppedFromTheName() {
        send(HttpMethod.GET, "/");
        answer("HTTP/1.1 200 OK\r\nSpaced \t: x\r\nContent-Length: 2\r\n\r\nok");
        HttpResponse res = (HttpResponse) inbound.get(0);
        assertThat(res.decoderResult().isSuccess()).isTrue();
        assertThat(res.headers().get("Spaced")).isEqualTo("x");
        assertThat(body()).isEqualTo("ok");
        assertThat(ended()).isTrue();
    }
}
