package dev.portico.gateway.upstream.uwsgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.upstream.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class UwsgiVarsTest {

    private static final RequestContext PLAIN = new RequestContext("192.0.2.7", 51234, 8080, false,
            "py.test", "req-1", "py");
    private static final RequestContext TLS = new RequestContext("2001:db8::1", 40000, 8443, true,
            "py.test", "req-2", "py");

    private static Map<String, String> vars(HttpRequest request, RequestContext context) {
        ByteBuf p = UwsgiVars.packet(request, context, UnpooledByteBufAllocator.DEFAULT);
        try {
            return PacketReader.map(p);
        } finally {
            p.release();
        }
    }

    private static HttpRequest request(HttpMethod method, String uri, Consumer<HttpRequest> headers) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        headers.accept(r);
        return r;
    }

    @Test
    void theVariablesOfUwsgiParams() {
        Map<String, String> v = vars(request(HttpMethod.GET, "/caf%C3%A9/x?q=1%202&r", r -> r.headers()
                .add("Host", "py.test:8080").add("X-Custom", "v")), PLAIN);
        assertThat(v).containsEntry("REQUEST_METHOD", "GET")
                .containsEntry("REQUEST_URI", "/caf%C3%A9/x?q=1%202&r")
                .containsEntry("PATH_INFO", "/caf\u00c3\u00a9/x")  // the UTF-8 bytes, one char each
                .containsEntry("QUERY_STRING", "q=1%202&r")
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("REQUEST_SCHEME", "http")
                .containsEntry("CONTENT_TYPE", "")
                .containsEntry("CONTENT_LENGTH", "")
                .containsEntry("REMOTE_ADDR", "192.0.2.7")
                .containsEntry("REMOTE_PORT", "51234")
                .containsEntry("SERVER_NAME", "py.test")
                .containsEntry("SERVER_PORT", "8080")
                .containsEntry("DOCUMENT_ROOT", "")
                .containsEntry("HTTP_HOST", "py.test:8080")
                .containsEntry("HTTP_X_CUSTOM", "v")
                .doesNotContainKeys("HTTPS", "UWSGI_SCHEME");
    }

    @Test
    void tlsSetsHttpsAndTheScheme() {
        Map<String, String> v = vars(request(HttpMethod.GET, "/", r -> { }), TLS);
        assertThat(v).containsEntry("HTTPS", "on").containsEntry("UWSGI_SCHEME", "https")
                .containsEntry("REQUEST_SCHEME", "https").containsEntry("REMOTE_ADDR", "2001:db8::1")
                .containsEntry("SERVER_PORT", "8443");
    }

    @Test
    void contentHeadersOnlyUnderTheirCgiNames() {
        Map<String, String> v = vars(request(HttpMethod.POST, "/up", r -> r.headers()
                .add("Content-Type", "application/x-test").add("Content-Length", "11")), PLAIN);
        assertThat(v).containsEntry("CONTENT_TYPE", "application/x-test").containsEntry("CONTENT_LENGTH", "11")
                .doesNotContainKeys("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH");
    }

    @Test
    void repeatedHeadersJoinedCookiesWithSemicolons() {
        Map<String, String> v = vars(request(HttpMethod.GET, "/", r -> r.headers()
                .add("Cookie", "a=1").add("Accept", "text/html").add("cookie", "b=2").add("Accept", "*/*")), PLAIN);
        assertThat(v).containsEntry("HTTP_COOKIE", "a=1; b=2").containsEntry("HTTP_ACCEPT", "text/html, */*");
    }

    @Test
    void underscoredProxyAndFramingHeadersAreLeftOut() {
        Map<String, String> v = vars(request(HttpMethod.GET, "/", r -> r.headers()
                .add("X-Forwarded-For", "192.0.2.7").add("X_Forwarded_For", "6.6.6.6")
                .add("Proxy", "http://evil.example:3128").add("Transfer-Encoding", "chunked")), PLAIN);
        assertThat(v).containsEntry("HTTP_X_FORWARDED_FOR", "192.0.2.7")
                .doesNotContainKeys("HTTP_PROXY", "HTTP_TRANSFER_ENCODING");
    }

    @Test
    void headerNamesUpperCasedDashesToUnderscoresEmptyValuesKept() {
        Map<String, String> v = vars(request(HttpMethod.GET, "/", r -> r.headers()
                .add("x-request-id", "abc").add("X-Empty", "")), PLAIN);
        assertThat(v).containsEntry("HTTP_X_REQUEST_ID", "abc").containsEntry("HTTP_X_EMPTY", "");
    }

    @Test
    void nonAsciiBytesInThePathPassAsBytes() {
        // The request line is read as ISO-8859-1: raw UTF-8 bytes arrive as one char per byte.
        ByteBuf p = UwsgiVars.packet(request(HttpMethod.GET, "/\u00c3\u00a9t\u00c3\u00a9%2Fx%zz%4", r -> { }),
                PLAIN, UnpooledByteBufAllocator.DEFAULT);
        try {
            List<PacketReader.Var> vars = PacketReader.vars(p);
            byte[] path = vars.stream().filter(x -> x.name().equals("PATH_INFO")).findFirst().orElseThrow().value();
            assertThat(path).containsExactly('/', 0xc3, 0xa9, 't', 0xc3, 0xa9, '/', 'x', '%', 'z', 'z', '%', '4');
        } finally {
            p.release();
        }
    }

    @Test
    void absoluteFormTargetReducedToPathAndQuery() {
        Map<String, String> v = vars(request(HttpMethod.GET, "http://py.test:8080/a/b?c=d", r -> { }), PLAIN);
        assertThat(v).containsEntry("REQUEST_URI", "/a/b?c=d").containsEntry("PATH_INFO", "/a/b")
                .containsEntry("QUERY_STRING", "c=d");
        assertThat(vars(request(HttpMethod.GET, "http://py.test?x", r -> { }), PLAIN))
                .containsEntry("REQUEST_URI", "/?x").containsEntry("PATH_INFO", "/").containsEntry("QUERY_STRING", "x");
    }

    @Test
    void headersOverSixtyFourKibRefused() {
        HttpRequest fits = request(HttpMethod.GET, "/", r -> r.headers().add("X-Big", "a".repeat(60_000)));
        assertThat(vars(fits, PLAIN)).containsKey("HTTP_X_BIG");
        HttpRequest big = request(HttpMethod.GET, "/", r -> r.headers().add("X-Big", "a".repeat(65_500)));
        assertThatThrownBy(() -> UwsgiVars.packet(big, PLAIN, UnpooledByteBufAllocator.DEFAULT))
                .isInstanceOf(TooLongHttpHeaderException.class);
        HttpRequest many = request(HttpMethod.GET, "/", r -> {
            for (int i = 0; i < 40; i++) {
                r.headers().add("X-Part-" + i, "b".repeat(1700));
            }
        });
        assertThatThrownBy(() -> UwsgiVars.packet(many, PLAIN, UnpooledByteBufAllocator.DEFAULT))
                .isInstanceOf(TooLongHttpHeaderException.class);
    }
}
