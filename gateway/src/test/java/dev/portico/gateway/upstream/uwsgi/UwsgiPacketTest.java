package dev.portico.gateway.upstream.uwsgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UwsgiPacketTest {

    private final List<ByteBuf> allocated = new ArrayList<>();
    /** Hands out heap buffers and remembers them, to check that a refused packet's buffer is released. */
    private final AbstractByteBufAllocator alloc = new AbstractByteBufAllocator(false) {
        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = Unpooled.buffer(initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    };

    @Test
    void headerThenLengthPrefixedPairsLittleEndian() {
        ByteBuf p = new UwsgiPacket(alloc, 16).add("A", "bc").add("REQUEST_METHOD", "GET").finish();
        try {
            assertThat(ByteBufUtil.hexDump(p)).isEqualTo(
                    "00" + "1c00" + "00"                                   // 28 bytes of vars follow
                            + "0100" + "41" + "0200" + "6263"                 // A = bc
                            + "0e00" + ByteBufUtil.hexDump("REQUEST_METHOD".getBytes()) + "0300" + "474554");
        } finally {
            p.release();
        }
    }

    @Test
    void emptyValueIsAZeroLength() {
        ByteBuf p = new UwsgiPacket(alloc, 4).add("QUERY_STRING", "").finish();
        try {
            assertThat(ByteBufUtil.hexDump(p)).isEqualTo("00" + "1000" + "00" + "0c00"
                    + ByteBufUtil.hexDump("QUERY_STRING".getBytes()) + "0000");
        } finally {
            p.release();
        }
    }

    @Test
    void noVarsIsAFourByteHeader() {
        ByteBuf p = new UwsgiPacket(alloc, 0).finish();
        try {
            assertThat(ByteBufUtil.hexDump(p)).isEqualTo("00000000");
        } finally {
            p.release();
        }
    }

    @Test
    void rawBytesAndSingleByteCharactersGoOutUnchanged() {
        ByteBuf p = new UwsgiPacket(alloc, 4)
                .add("PATH_INFO", new byte[] {'/', (byte) 0xc3, (byte) 0xa9, (byte) 0xff})
                .add("HTTP_X", "\u00e9\u00ff")
                .finish();
        try {
            List<PacketReader.Var> vars = PacketReader.vars(p);
            assertThat(vars.get(0).value()).containsExactly('/', 0xc3, 0xa9, 0xff);
            assertThat(vars.get(1).value()).containsExactly(0xe9, 0xff);
        } finally {
            p.release();
        }
    }

    @Test
    void sizeFieldIsUnsignedUpTo65535() {
        // One variable of 4 + 1 + 65530 = 65535 bytes: the largest block the 16-bit field can describe.
        ByteBuf p = new UwsgiPacket(alloc, 4).add("X", "v".repeat(65530)).finish();
        try {
            assertThat(p.readableBytes()).isEqualTo(4 + 65535);
            assertThat(ByteBufUtil.hexDump(p, 0, 4)).isEqualTo("00ffff00");
            assertThat(PacketReader.vars(p)).hasSize(1);
        } finally {
            p.release();
        }
    }

    @Test
    void oneByteOverTheLimitIsRefusedAndTheBufferReleased() {
        UwsgiPacket packet = new UwsgiPacket(alloc, 4).add("X", "v".repeat(65530)).add("Y", "");
        assertThatThrownBy(packet::finish).isInstanceOf(TooLongHttpHeaderException.class)
                .hasMessageContaining("65535");
        assertThat(allocated).hasSize(1);
        assertThat(allocated.get(0).refCnt()).isZero();
    }

    @Test
    void manySmallVarsOverTheLimitAreRefused() {
        UwsgiPacket packet = new UwsgiPacket(alloc, 4);
        for (int i = 0; i < 2000; i++) {
            packet.add("HTTP_X_" + i, "0123456789abcdef0123456789");
        }
        assertThatThrownBy(packet::finish).isInstanceOf(TooLongHttpHeaderException.class);
        assertThat(allocated.get(0).refCnt()).isZero();
    }
}
