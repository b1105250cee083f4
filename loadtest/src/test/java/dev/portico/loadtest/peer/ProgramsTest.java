package dev.portico.loadtest.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramsTest {

    @Test
    void aCommandThatNeverEndsIsKilledAtItsDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Programs.run(List.of("sh", "-c", "echo started; exec sleep 60"), 1))
                .isInstanceOf(Programs.TimeoutException.class)
                .hasMessageContaining("no answer within 1 s")
                .hasMessageContaining("started");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
    }

    @Test
    void outputAndExitStatusOfACommandThatEnds() throws Exception {
        assertThat(Programs.run(List.of("sh", "-c", "echo out; echo err >&2"), 10)).isEqualTo("out\nerr\n");
        assertThatThrownBy(() -> Programs.run(List.of("sh", "-c", "echo broken; exit 3"), 10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with 3: broken");
        assertThat(Programs.output(List.of("sh", "-c", "echo anyway; exit 3"), 10)).isEqualTo("anyway\n");
    }
}
