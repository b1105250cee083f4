package dev.portico.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WholeResponseReaderTest {

    private final WholeResponseReader reader = new WholeResponseReader();
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
    private ByteBuf in;

    @AfterEach
    void release() {
        if (in != null) {
            assertThat(in.release()).as("the input's last reference").isTrue();
        }
    }

    private WholeResponse read(String wire, boolean dropHsts) {
        in = Unpooled.directBuffer().writeBytes(wire.getBytes(StandardCharsets.ISO_8859_1));
        return reader.read(in, alloc, dropHsts);
    }

    private static String text(ByteBuf b) {
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aPlainAnswerIsCopiedLessItsHopByHopLines() {
        WholeResponse r = read("HTTP/1.1 200 OK\r\nServer: app\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                + "Content-Type: text/plain\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nTrailer: X\r\n"
                + "Upgrade: h2c\r\nContent-Length: 5\r\nX-Last: 1\r\n\r\nhello"
                + "HTTP/1.1 404 Not Found\r\n", false);
        try {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.keepAlive()).isTrue();
            assertThat(text(r.head())).isEqualTo("HTTP/1.1 200 OK\r\nServer: app\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 5\r\nX-Last: 1\r\n");
            assertThat(text(r.body())).isEqualTo("hello");
            assertThat(text(in)).as("the next answer stays for the next read").isEqualTo("HTTP/1.1 404 Not Found\r\n");
        } finally {
            r.release();
        }
        assertThat(r.head().refCnt()).isZero();
    }

    @Test
    void connectionCloseEndsTheAppsConnectionInAnyCaseAndSpacing() {
        WholeResponse r = read("HTTP/1.1 503 Busy\r\nconnection:  Keep-Alive ,CLOSE \r\ncontent-length: 0\r\n\r\n", false);
        try {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.keepAlive()).isFalse();
            assertThat(text(r.head())).isEqualTo("HTTP/1.1 503 Busy\r\ncontent-length: 0\r\n");
            assertThat(r.body().readableBytes()).isZero();
        } finally {
            r.release();
        }
    }

    @Test
    void theAppsStrictTransportSecurityGoesOnlyWhenTheGatewaySetsItsOwn() {
        String wire = "HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=1\r\nContent-Length: 2\r\n\r\nok";
        WholeResponse kept = read(wire, false);
        try {
            assertThat(text(kept.head())).contains("Strict-Transport-Security: max-age=1\r\n");
        } finally {
            kept.release();
            in.release();
        }
        WholeResponse dropped = read(wire, true);
        try {
            assertThat(text(dropped.head())).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
        } finally {
            dropped.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot yet",
        "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\n: 1\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-A: a\u007fb\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nok",
        "HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nX-Secret: 1\r\nContent-Length: 2\r\n\r\nok",
    })
    void anythingElseIsLeftWholeForTheDecoder(String wire) {
        WholeResponse r = read(wire, false);
        assertThat(r).isNull();
        assertThat(reader.incomplete()).isFalse();
        assertThat(in.readerIndex()).as("nothing consumed").isZero();
    }

    @Test
    void aHeadStillArrivingIsWaitedFor() {
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Len", false)).isNull();
        assertThat(reader.incomplete()).isTrue();
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void aHeadLongerThanTheReaderTakesGoesToTheDecoder() {
        String filler = "X-Filler: " + "a".repeat(1000) + "\r\n";
        String head = "HTTP/1.1 200 OK\r\n" + filler.repeat(WholeResponseReader.MAX_HEAD / filler.length() + 1);
        assertThat(read(head, false)).isNull();
        assertThat(reader.incomplete()).as("unfinished, but past the size this reader takes").isFalse();
        in.release();

        WholeResponse r = read("HTTP/1.1 200 OK\r\n" + filler.repeat(3) + "Content-Length: 2\r\n\r\nok", false);
        try {
            assertThat(r).as("a head past the first copy but within the limit").isNotNull();
            assertThat(text(r.body())).isEqualTo("ok");
        } finally {
            r.release();
        }
    }
}
