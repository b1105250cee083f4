package dev.portico.gateway.upstream.uwsgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a uwsgi packet back the way uWSGI does, independently of the code that wrote it. */
final class PacketReader {

    /** One variable as it lay in the packet. */
    record Var(String name, byte[] value) {
        String text() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
    }

    private PacketReader() {
    }

    /** Checks the header against the vars that follow and returns them in order (the buffer is not released). */
    static List<Var> vars(ByteBuf packet) {
        ByteBuf b = packet.duplicate();
        assertThat(b.readUnsignedByte()).as("modifier1").isEqualTo((short) 0);
        int size = b.readUnsignedShortLE();
        assertThat(b.readUnsignedByte()).as("modifier2").isEqualTo((short) 0);
        assertThat(b.readableBytes()).as("vars block size in the header").isEqualTo(size);
        List<Var> vars = new ArrayList<>();
        while (b.isReadable()) {
            byte[] name = new byte[b.readUnsignedShortLE()];
            b.readBytes(name);
            byte[] value = new byte[b.readUnsignedShortLE()];
            b.readBytes(value);
            vars.add(new Var(new String(name, StandardCharsets.ISO_8859_1), value));
        }
        return vars;
    }

    /** The variables as name to value (ISO-8859-1 text, byte for byte). */
    static Map<String, String> map(ByteBuf packet) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Var v : vars(packet)) {
            assertThat(m).as("variable %s appears once", v.name()).doesNotContainKey(v.name());
            m.put(v.name(), v.text());
        }
        return m;
    }
}
