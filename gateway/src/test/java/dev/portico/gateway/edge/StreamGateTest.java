package dev.portico.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-connection gate of HTTP/2 streams: at most N inside, the rest in arrival order. */
class StreamGateTest {

    @Test
    void streamsBeyondTheLimitWaitInOrderAndEnterAsOthersLeave() {
        StreamGate gate = new StreamGate(2);
        List<String> entered = new ArrayList<>();
        assertThat(gate.enterOrWait(() -> entered.add("a"))).isTrue();
        assertThat(gate.enterOrWait(() -> entered.add("b"))).isTrue();
        assertThat(gate.enterOrWait(() -> entered.add("c"))).isFalse();
        assertThat(gate.enterOrWait(() -> entered.add("d"))).isFalse();
        assertThat(gate.inside()).isEqualTo(2);
        assertThat(gate.waiting()).isEqualTo(2);
        gate.leave();
        assertThat(entered).containsExactly("c");
        gate.leave();
        gate.leave();
        assertThat(entered).containsExactly("c", "d");
        assertThat(gate.inside()).isEqualTo(1);
    }

    @Test
    void aStreamResetWhileWaitingNeverEnters() {
        StreamGate gate = new StreamGate(1);
        List<String> entered = new ArrayList<>();
        gate.enterOrWait(() -> entered.add("a"));
        Runnable b = () -> entered.add("b");
        gate.enterOrWait(b);
        gate.enterOrWait(() -> entered.add("c"));
        gate.cancel(b);
        gate.leave();
        assertThat(entered).containsExactly("c");
        assertThat(gate.waiting()).isZero();
    }
}
