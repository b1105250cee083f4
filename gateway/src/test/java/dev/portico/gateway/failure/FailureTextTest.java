package dev.portico.gateway.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plain-text rendering, for clients that are programs (the egress proxy's). */
class FailureTextTest {

    @Test
    void everyFailureHasItsFlagAndAText() {
        for (Failure f : Failure.values()) {
            FullHttpResponse res = FailureResponse.renderText(UnpooledByteBufAllocator.DEFAULT, f,
                    "Destination: example.com:443\nReason: <why>", 3);
            try {
                assertThat(res.status()).isEqualTo(f.status());
                assertThat(res.headers().get("X-Portico-Failure")).isEqualTo(f.flag());
                assertThat(res.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
                assertThat(res.headers().getInt("Content-Length")).isEqualTo(res.content().readableBytes());
                assertThat(res.headers().get("Retry-After")).isEqualTo(f.retryable() ? "3" : null);
                assertThat(res.content().toString(StandardCharsets.UTF_8)).isEqualTo(f.status().code() + " "
                        + f.title() + " (" + f.flag() + ")\n" + f.hint() + "\nDestination: example.com:443\n"
                        + "Reason: <why>\n");
            } finally {
                res.release();
            }
        }
    }
}
