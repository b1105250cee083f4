package dev.portico.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable<String> table = RouteTable.<String>builder()
            .add("alice.example.com", "alice")
            .add("*.alice.example.com", "alice-wild")
            .add("*.example.com", "platform")
            .add("bob.test", "bob")
            .build();

    @Test
    void exactBeatsWildcard() {
        assertThat(table.lookup("alice.example.com")).isEqualTo("alice");
        assertThat(table.lookup("bob.test")).isEqualTo("bob");
    }

    @Test
    void longestWildcardWinsAtAnyDepth() {
        assertThat(table.lookup("www.alice.example.com")).isEqualTo("alice-wild");
        assertThat(table.lookup("a.b.alice.example.com")).isEqualTo("alice-wild");
        assertThat(table.lookup("carol.example.com")).isEqualTo("platform");
    }

    @Test
    void wildcardDoesNotCoverItsApex() {
        assertThat(table.lookup("example.com")).isNull();
        assertThat(table.lookup("nobody.test")).isNull();
        assertThat(table.lookup("xbob.test")).isNull();
    }

    @Test
    void hostNamesAreNormalised() {
        assertThat(HostName.normalise("WWW.Alice.Example.COM.:8080")).isEqualTo("www.alice.example.com");
        assertThat(HostName.normalise("alice.test")).isEqualTo("alice.test");
        assertThat(HostName.normalise("[::1]:443")).isEqualTo("[::1]");
        assertThat(HostName.normalise("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void malformedHostsAreRefused() {
        for (String bad : new String[] {"", "a b", "a/b", "host:", "host:abc", "host:123456", "[::1", "h@x", ":80",
            "a\u0000b", "ex\u00e4mple.com"}) {
            assertThat(HostName.normalise(bad)).as(bad).isNull();
        }
    }
}
