package dev.portico.gateway.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FailureResponseTest {

    @Test
    void everyFailureHasItsFlagAndAPage() {
        for (Failure f : Failure.values()) {
            FullHttpResponse res = FailureResponse.render(UnpooledByteBufAllocator.DEFAULT, f, null, false, 7);
            try {
                assertThat(res.status()).isEqualTo(f.status());
                assertThat(res.headers().get("X-Portico-Failure")).isEqualTo(f.flag());
                assertThat(res.headers().get("Content-Type")).startsWith("text/html");
                assertThat(res.headers().getInt("Content-Length")).isEqualTo(res.content().readableBytes());
                String body = res.content().toString(StandardCharsets.UTF_8);
                assertThat(body).contains(f.title().replace("&", "&amp;")).contains(f.flag());
                if (f.status().code() == 503 || f.status().code() == 429) {
                    assertThat(res.headers().get("Retry-After")).isEqualTo("7");
                } else {
                    assertThat(res.headers().contains("Retry-After")).isFalse();
                }
            } finally {
                res.release();
            }
        }
    }

    @Test
    void flagsAreUnique() {
        assertThat(Arrays.stream(Failure.values()).map(Failure::flag).distinct().count())
                .isEqualTo(Failure.values().length);
    }

    @Test
    void jsonWhenTheClientAsksForJson() {
        DefaultHttpHeaders h = new DefaultHttpHeaders();
        h.set("Accept", "application/json");
        assertThat(FailureResponse.wantsJson(h)).isTrue();
        h.set("Accept", "text/html,application/json;q=0.9");
        assertThat(FailureResponse.wantsJson(h)).isFalse();
        FullHttpResponse res = FailureResponse.render(UnpooledByteBufAllocator.DEFAULT, Failure.QUEUE_FULL,
                "Queue \"a\" full.", true, 0);
        try {
            assertThat(res.headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(res.content().toString(StandardCharsets.UTF_8))
                    .startsWith("{\"status\":503,\"failure\":\"queue_full\"").contains("Queue \\\"a\\\" full.");
            assertThat(res.headers().get("Retry-After")).isEqualTo("1");
        } finally {
            res.release();
        }
    }

    @Test
    void detailIsEscaped() {
        FullHttpResponse res = FailureResponse.render(UnpooledByteBufAllocator.DEFAULT, Failure.BAD_REQUEST,
                "<script>x</script>", false, 0);
        try {
            assertThat(res.content().toString(StandardCharsets.UTF_8)).contains("&lt;script&gt;")
                    .doesNotContain("<script>");
        } finally {
            res.release();
        }
    }
}
