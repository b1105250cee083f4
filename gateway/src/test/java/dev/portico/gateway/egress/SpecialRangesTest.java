package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.HostForm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses the egress proxy never reaches, however they are written. */
class SpecialRangesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0             | unspecified",
        "0.1.2.3             | this_network",
        "10.0.0.1            | private",
        "10.255.255.255      | private",
        "100.64.0.1          | cgnat",
        "100.127.255.254     | cgnat",
        "127.0.0.1           | loopback",
        "127.255.0.9         | loopback",
        "2130706433          | loopback",
        "0x7f.1              | loopback",
        "0177.0.0.1          | loopback",
        "127.1               | loopback",
        "169.254.169.254     | link_local",
        "0xa9fea9fe          | link_local",
        "172.16.0.1          | private",
        "172.31.255.255      | private",
        "192.0.0.8           | ietf_protocol",
        "192.0.2.1           | documentation",
        "192.88.99.1         | 6to4_relay",
        "192.168.1.1         | private",
        "198.18.0.1          | benchmarking",
        "198.19.255.255      | benchmarking",
        "198.51.100.7        | documentation",
        "203.0.113.9         | documentation",
        "224.0.0.1           | multicast",
        "239.255.255.250     | multicast",
        "240.0.0.1           | reserved",
        "255.255.255.255     | broadcast",
        "[::]                | unspecified",
        "[::1]               | loopback",
        "[::ffff:127.0.0.1]  | ipv4_mapped",
        "[::ffff:8.8.8.8]    | ipv4_mapped",
        "[::127.0.0.1]       | ipv4_compatible",
        "[::8.8.8.8]         | ipv4_compatible",
        "[::ffff:0:8.8.8.8]  | ipv4_translated",
        "[64:ff9b::10.0.0.1] | nat64",
        "[64:ff9b:1::1]      | nat64",
        "[100::1]            | discard",
        "[2001::1]           | teredo",
        "[2001:2::1]         | ietf_protocol",
        "[2001:db8::1]       | documentation",
        "[2002:7f00:1::]     | 6to4",
        "[3fff::1]           | documentation",
        "[5f00::1]           | segment_routing",
        "[fc00::1]           | unique_local",
        "[fd12:3456::1]      | unique_local",
        "[fe80::1]           | link_local",
        "[febf::1]           | link_local",
        "[fec0::1]           | site_local",
        "[ff02::1]           | multicast",
        "[fe00::1]           | reserved",
        "[fbff::1]           | reserved",
        "[4000::1]           | reserved",
        "[1::1]              | reserved",
    })
    void specialAddressesAreNamed(String written, String range) {
        assertThat(SpecialRanges.of(HostForm.parse(written).address())).isEqualTo(range);
    }

    @ParameterizedTest(name = "{0} is public")
    @ValueSource(strings = {
        "1.1.1.1", "8.8.8.8", "93.184.215.14", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "11.0.0.1",
        "126.255.255.255", "128.0.0.1", "169.253.255.255", "169.255.0.1",
        "[2606:4700:4700::1111]", "[2a00:1450:4001:80b::200e]", "[2001:4860:4860::8888]", "[2003::1]",
        "[3ffe::1]",
    })
    void publicAddressesPass(String written) {
        assertThat(SpecialRanges.of(HostForm.parse(written).address())).isNull();
    }
}
