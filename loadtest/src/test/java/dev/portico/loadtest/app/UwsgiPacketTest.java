package dev.portico.loadtest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UwsgiPacketTest {

    @Test
    void encodesTheHeaderAndVarsByteForByte() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "GET");
        vars.put("PATH_INFO", "/");
        ByteBuf b = UwsgiPacket.encode(UnpooledByteBufAllocator.DEFAULT, vars);
        try {
            // 2+14+2+3 + 2+9+2+1 = 35 vars bytes = 0x23, little-endian
            String expected = "00" + "2300" + "00"
                    + "0e00" + hex("REQUEST_METHOD") + "0300" + hex("GET")
                    + "0900" + hex("PATH_INFO") + "0100" + hex("/");
            assertThat(ByteBufUtil.hexDump(b)).isEqualTo(expected);
        } finally {
            b.release();
        }
    }

    @Test
    void roundTripsUtf8AndEmptyValues() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("HTTP_HOST", "bücher.example");
        vars.put("QUERY_STRING", "");
        ByteBuf b = UwsgiPacket.encode(UnpooledByteBufAllocator.DEFAULT, vars);
        try {
            int size = b.getUnsignedShortLE(1);
            b.skipBytes(4);
            assertThat(UwsgiPacket.decodeVars(b, size)).containsExactlyEntriesOf(vars);
            assertThat(b.isReadable()).isFalse();
        } finally {
            b.release();
        }
    }

    @Test
    void refusesVarsTooBigForTheHeader() {
        assertThatThrownBy(() -> UwsgiPacket.encode(UnpooledByteBufAllocator.DEFAULT, Map.of("X", "y".repeat(70_000))))
                .hasMessageContaining("expected at most 65535");
    }

    @Test
    void decoderWaitsForEveryByteAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new UwsgiRequestDecoder());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("REQUEST_METHOD", "POST");
        vars.put("REQUEST_URI", "/upload?x=1");
        vars.put("CONTENT_LENGTH", "5");
        ByteBuf packet = UwsgiPacket.encode(UnpooledByteBufAllocator.DEFAULT, vars);
        packet.writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
        while (packet.isReadable()) {
            assertThat((Object) ch.readInbound()).isNull();
            ch.writeInbound(packet.readRetainedSlice(Math.min(3, packet.readableBytes())));
        }
        packet.release();
        UwsgiRequest req = ch.readInbound();
        try {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.uri()).isEqualTo("/upload?x=1");
            assertThat(req.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        } finally {
            req.release();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decoderRefusesAStringRunningPastTheBlock() {
        EmbeddedChannel ch = new EmbeddedChannel(new UwsgiRequestDecoder());
        // vars size 6, but the key claims 9 bytes
        ByteBuf bad = Unpooled.buffer().writeByte(0).writeShortLE(6).writeByte(0).writeShortLE(9)
                .writeBytes("abcd".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> ch.writeInbound(bad)).isInstanceOf(DecoderException.class)
                .hasMessageContaining("runs past the block");
        ch.finishAndReleaseAll();
    }

    @Test
    void decoderRefusesAnotherModifier() {
        EmbeddedChannel ch = new EmbeddedChannel(new UwsgiRequestDecoder());
        ByteBuf bad = Unpooled.buffer().writeByte(5).writeShortLE(0).writeByte(0);
        assertThatThrownBy(() -> ch.writeInbound(bad)).hasMessageContaining("modifier1 5 (expected 0");
        ch.finishAndReleaseAll();
    }

    private static String hex(String s) {
        return ByteBufUtil.hexDump(s.getBytes(StandardCharsets.UTF_8));
    }
}
