package dev.portico.gateway.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which pair a handshake gets for its SNI. */
class CertificateIndexTest {

    static CertificatePair pair(String name, Instant notAfter, String... domains) {
        return new CertificatePair(name, Path.of(name + ".crt"), Path.of(name + ".key"), List.of(domains), notAfter,
                new FileStamp(1, 1, 1, 1));
    }

    static final Instant SOON = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant LATER = Instant.parse("2031-01-01T00:00:00Z");

    final CertificatePair a = pair("a", SOON, "a.test", "www.a.test");
    final CertificatePair wild = pair("b", SOON, "*.b.test");
    final CertificatePair fallback = pair("default", SOON, "fallback.test");
    final CertificateIndex index = CertificateIndex.of(List.of(a, wild, fallback));

    @Test
    void exactNamesThenOneLabelWildcardsThenTheDefault() {
        assertThat(index.select("a.test")).isSameAs(a);
        assertThat(index.select("www.a.test")).isSameAs(a);
        assertThat(index.select("x.b.test")).isSameAs(wild);
        assertThat(index.select("y.x.b.test")).isSameAs(fallback);
        assertThat(index.select("b.test")).isSameAs(fallback); // *.b.test does not cover b.test itself
        assertThat(index.select("fallback.test")).isSameAs(fallback);
        assertThat(index.select("other.test")).isSameAs(fallback);
        assertThat(index.select("a.test.")).isSameAs(a);
    }

    @Test
    void noSniGetsTheDefaultAndWithoutOneNothing() {
        assertThat(index.select(null)).isSameAs(fallback);
        assertThat(index.select("")).isSameAs(fallback);
        CertificateIndex noDefault = CertificateIndex.of(List.of(a));
        assertThat(noDefault.select(null)).isNull();
        assertThat(noDefault.select("other.test")).isNull();
    }

    @Test
    void whenTwoFilesClaimANameTheOneThatExpiresLastWins() {
        CertificatePair renewed = pair("a-2031", LATER, "a.test");
        CertificateIndex both = CertificateIndex.of(List.of(a, renewed));
        assertThat(both.select("a.test")).isSameAs(renewed);
        assertThat(both.select("www.a.test")).isSameAs(a);
    }

    @Test
    void changesMakeANewIndexAndLeaveTheOldOneAlone() {
        CertificatePair c = pair("c", SOON, "c.test");
        CertificatePair a2 = pair("a", LATER, "a.test");
        CertificateIndex next = index.with(List.of(c, a2), Set.of("b"));
        assertThat(next.select("c.test")).isSameAs(c);
        assertThat(next.select("a.test")).isSameAs(a2);
        assertThat(next.select("www.a.test")).isSameAs(fallback); // the renewal dropped www.a.test
        assertThat(next.select("x.b.test")).isSameAs(fallback);
        assertThat(next.size()).isEqualTo(3);
        assertThat(index.select("x.b.test")).isSameAs(wild);
        assertThat(index.select("c.test")).isSameAs(fallback);
    }
}
