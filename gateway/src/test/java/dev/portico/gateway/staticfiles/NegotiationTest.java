package dev.portico.gateway.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Accept-Encoding choice and the conditional headers, without a channel. */
class NegotiationTest {

    private static final Representation IDENTITY = new Representation(Path.of("/f/a.js"), 10, 1_700_000_000_123_456_789L,
            null, null, null);
    private static final Representation BR = new Representation(Path.of("/f/a.js.br"), 4, 1L, null, "br", null);
    private static final Representation GZ = new Representation(Path.of("/f/a.js.gz"), 5, 1L, null, "gzip", null);
    private static final Lookup.File BOTH = new Lookup.File("text/javascript", IDENTITY, BR, GZ, 0);

    @Test
    void brotliThenGzipThenTheFileItself() {
        assertThat(Codings.choose(BOTH, "gzip, deflate, br")).isSameAs(BR);
        assertThat(Codings.choose(BOTH, "gzip")).isSameAs(GZ);
        assertThat(Codings.choose(BOTH, "br;q=0, gzip;q=0.5")).isSameAs(GZ);
        assertThat(Codings.choose(BOTH, "*")).isSameAs(BR);
        assertThat(Codings.choose(BOTH, "*;q=0")).isSameAs(IDENTITY);
        assertThat(Codings.choose(BOTH, "*, br;q=0")).isSameAs(GZ);
        assertThat(Codings.choose(BOTH, "identity")).isSameAs(IDENTITY);
        assertThat(Codings.choose(BOTH, null)).isSameAs(IDENTITY);
        assertThat(Codings.choose(new Lookup.File("t", IDENTITY, null, GZ, 0), "br")).isSameAs(IDENTITY);
    }

    @Test
    void eachCodingHasItsOwnStrongEtag() {
        assertThat(IDENTITY.etag()).startsWith("\"a-").doesNotContain("br");
        assertThat(BR.etag()).endsWith("-br\"");
        assertThat(GZ.etag()).endsWith("-gzip\"");
    }

    @Test
    void ifNoneMatchComparesWeaklyAndWinsOverIfModifiedSince() {
        HttpHeaders h = new DefaultHttpHeaders().set("If-None-Match", "\"x\", W/" + IDENTITY.etag());
        assertThat(Preconditions.notModified(h, IDENTITY)).isTrue();
        assertThat(Preconditions.notModified(new DefaultHttpHeaders().set("If-None-Match", "*"), IDENTITY)).isTrue();
        HttpHeaders both = new DefaultHttpHeaders().set("If-None-Match", "\"x\"")
                .set("If-Modified-Since", DateFormatter.format(new Date(IDENTITY.modifiedSeconds() * 1000)));
        assertThat(Preconditions.notModified(both, IDENTITY)).isFalse();
    }

    @Test
    void ifModifiedSinceWorksInWholeSeconds() {
        Date exact = new Date(IDENTITY.modifiedSeconds() * 1000);
        assertThat(Preconditions.notModified(new DefaultHttpHeaders().set("If-Modified-Since",
                DateFormatter.format(exact)), IDENTITY)).isTrue();
        assertThat(Preconditions.notModified(new DefaultHttpHeaders().set("If-Modified-Since",
                DateFormatter.format(new Date(exact.getTime() - 1000))), IDENTITY)).isFalse();
        assertThat(Preconditions.notModified(new DefaultHttpHeaders().set("If-Modified-Since", "garbage"), IDENTITY))
                .isFalse();
    }

    @Test
    void ifRangeNeedsTheExactRepresentation() {
        assertThat(Preconditions.rangeAllowed(new DefaultHttpHeaders(), IDENTITY)).isTrue();
        assertThat(Preconditions.rangeAllowed(new DefaultHttpHeaders().set("If-Range", IDENTITY.etag()), IDENTITY))
                .isTrue();
        assertThat(Preconditions.rangeAllowed(new DefaultHttpHeaders().set("If-Range", "W/" + IDENTITY.etag()),
                IDENTITY)).isFalse();
        assertThat(Preconditions.rangeAllowed(new DefaultHttpHeaders().set("If-Range",
                DateFormatter.format(new Date(IDENTITY.modifiedSeconds() * 1000))), IDENTITY)).isTrue();
        assertThat(Preconditions.rangeAllowed(new DefaultHttpHeaders().set("If-Range",
                DateFormatter.format(new Date(0))), IDENTITY)).isFalse();
    }

    @Test
    void typesByExtension() {
        assertThat(MediaTypes.of("a.CSS")).isEqualTo("text/css; charset=utf-8");
        assertThat(MediaTypes.of("font.woff2")).isEqualTo("font/woff2");
        assertThat(MediaTypes.of("README")).isEqualTo(MediaTypes.DEFAULT);
        assertThat(MediaTypes.of("archive.tar.gz")).isEqualTo("application/gzip");
        assertThat(MediaTypes.of("x.")).isEqualTo(MediaTypes.DEFAULT);
    }
}
