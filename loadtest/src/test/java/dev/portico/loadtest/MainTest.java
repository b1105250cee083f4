package dev.portico.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    /** The command line kept in each result can be pasted into a shell as it is written. */
    @Test
    void theRecordedCommandQuotesWhatAShellWouldSplit() {
        Main.execute("--version", "--label", "with Netty relays", "it's", "plain");
        assertThat(Main.commandLine()).isEqualTo(
                "java -jar loadtest/target/loadtest.jar --version --label 'with Netty relays' 'it'\\''s' plain");
    }
}
