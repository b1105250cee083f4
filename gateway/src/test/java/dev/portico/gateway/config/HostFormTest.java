package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every spelling of a host reads as the one name or address it denotes, or is refused. */
class HostFormTest {

    @ParameterizedTest(name = "{0} is the address {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1          | 127.0.0.1",
        "2130706433         | 127.0.0.1",
        "0x7f.1             | 127.0.0.1",
        "0x7F.1             | 127.0.0.1",
        "0177.0.0.1         | 127.0.0.1",
        "0177.0.0.01        | 127.0.0.1",
        "127.1              | 127.0.0.1",
        "127.0.1            | 127.0.0.1",
        "0x7f000001         | 127.0.0.1",
        "017700000001       | 127.0.0.1",
        "127.0.0.1.         | 127.0.0.1",
        "0                  | 0.0.0.0",
        "0x                 | 0.0.0.0",
        "169.254.43518      | 169.254.169.254",
        "0xa9fea9fe         | 169.254.169.254",
        "0251.0376.0251.0376| 169.254.169.254",
        "10.0x10.0.1        | 10.16.0.1",
        "4294967295         | 255.255.255.255",
        "1.2.3.             | 1.2.0.3",
        "１２７.０.０.１    | 127.0.0.1",
        "[::1]              | ::1",
        "::1                | ::1",
        "[::ffff:127.0.0.1] | ::ffff:7f00:1",
        "[::ffff:7f00:1]    | ::ffff:7f00:1",
        "[::127.0.0.1]      | ::7f00:1",
        "[0:0:0:0:0:0:0:1]  | ::1",
        "[FE80::1]          | fe80::1",
        "[2001:db8:0:0:1:0:0:1] | 2001:db8::1:0:0:1",
        "[2001:DB8::]       | 2001:db8::",
        "[::]               | ::",
        "[1:2:3:4:5:6:7:8]  | 1:2:3:4:5:6:7:8",
        "[64:ff9b::10.0.0.1]| 64:ff9b::a00:1",
    })
    void numericFormsAreTheAddressesTheyDenote(String written, String canonical) {
        HostForm h = HostForm.parse(written);
        assertThat(h.isAddress()).isTrue();
        assertThat(h.name()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0} is the name {1}")
    @CsvSource(delimiter = '|', value = {
        "Example.COM.        | example.com",
        "localhost           | localhost",
        "pypi.org            | pypi.org",
        "bücher.example      | xn--bcher-kva.example",
        "ⓛocalhost           | localhost",
        "0x7f.example        | 0x7f.example",
        "1.2.3.example       | 1.2.3.example",
        "_service.example.org| _service.example.org",
        "x-1.example         | x-1.example",
    })
    void namesAreNormalised(String written, String normalised) {
        HostForm h = HostForm.parse(written);
        assertThat(h.isAddress()).isFalse();
        assertThat(h.name()).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {
        "1.2.3.4.5", "256.0.0.1", "1.256.0.1", "0x100.1", "4294967296", "08", "09.1.1.1", "0x7g.1",
        "1..2", "example.123", "a.b.0x1", "exa mple.com", "a_b:c", "[::1", "[1.2.3.4]", "[::1%eth0]", "1:2:3:4:5:6:7:8:9",
        "1::2::3", "[::ffff:1.2.3]", "[::ffff:01.2.3.256]", "[12345::]", "", ".", "..", "a..example", "-", "-a.example", "a-.example",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example",
    })
    void otherFormsAreRefused(String written) {
        assertThatThrownBy(() -> HostForm.parse(written)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected a host name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:7f00:1", "2001:db8::1", "::", "1:0:0:1::", "fe80::1:0:0:0", "1:2:3:4:5:6:7:8"})
    void ipv6TextRoundTrips(String text) {
        assertThat(HostForm.parse(text).name()).isEqualTo(text);
        assertThat(HostForm.parse(text).toString()).isEqualTo("[" + text + "]");
    }
}
