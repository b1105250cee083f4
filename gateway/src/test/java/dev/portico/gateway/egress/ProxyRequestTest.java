package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each request head asks of the forward proxy. */
class ProxyRequestTest {

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "CONNECT | example.com:443                 | tunnel example.com:443",
        "CONNECT | [2001:db8::1]:443               | tunnel [2001:db8::1]:443",
        "CONNECT | Example.COM.:8443               | tunnel example.com:8443",
        "CONNECT | example.com                     | bad: no port (expected host:port",
        "CONNECT | example.com:0                   | bad: port 0 (expected 1..65535)",
        "CONNECT | example.com:99999               | bad: port 99999 (expected 1..65535)",
        "CONNECT | example.com:44x               | bad: port (expected 1..65535)",
        "CONNECT | :443                            | bad: no host",
        "GET     | http://example.com              | plain example.com:80 /",
        "GET     | http://example.com?q=1          | plain example.com:80 /?q=1",
        "GET     | HTTP://example.com:8080/a/b?c#d | plain example.com:8080 /a/b?c",
        "GET     | http://[::1]:81/x               | plain [::1]:81 /x",
        "GET     | http://0x7f.1/x                 | plain 127.0.0.1:80 /x",
        "POST    | http://u:p@example.com/         | bad: credentials go in the Proxy-Authorization header",
        "GET     | https://example.com/            | bad: through a CONNECT tunnel",
        "GET     | /just/a/path                    | bad: This is the egress proxy",
        "GET     | http:///nohost                  | bad: no host",
    })
    void classifies(String method, String uri, String expected) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
        ProxyRequest r = ProxyRequest.of(req);
        String got;
        if (r instanceof ProxyRequest.Connect c) {
            got = "tunnel " + c.target();
        } else if (r instanceof ProxyRequest.Plain p) {
            got = "plain " + p.target() + " " + p.originForm();
        } else {
            got = "bad: " + ((ProxyRequest.Bad) r).detail();
        }
        if (expected.startsWith("bad: ")) {
            assertThat(got).startsWith("bad: ").contains(expected.substring(5));
        } else {
            assertThat(got).isEqualTo(expected);
        }
    }
}
