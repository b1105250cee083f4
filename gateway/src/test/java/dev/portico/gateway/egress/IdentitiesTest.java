package dev.portico.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.EgressConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitiesTest {

    @TempDir
    Path dir;

    private Identities identities(String policy) {
        return new Identities(Configs.parse(dir, "", """
                alice.token = a-secret
                bob.token = b:secret:with:colons
                bob.tier = paid
                sandbox.from = 10.20.0.0/16
                inner.from = 10.20.5.0/24
                inner.tier = paid
                """, policy));
    }

    private static String basic(String userColonToken) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonToken.getBytes(StandardCharsets.UTF_8));
    }

    private static String account(Identities.Identity id) {
        return id instanceof Identities.Known k ? k.caller().account() + "/" + k.caller().tier().label()
                + "/" + k.caller().via() : "refused";
    }

    @Test
    void credentialsNameTheAccount() throws Exception {
        Identities ids = identities("anonymous = deny");
        assertThat(account(ids.identify(basic("alice:a-secret"), null))).isEqualTo("alice/free/token");
        assertThat(account(ids.identify(basic("bob:b:secret:with:colons"), null))).isEqualTo("bob/paid/token");
        assertThat(account(ids.identify("basic " + basic("alice:a-secret").substring(6), null)))
                .isEqualTo("alice/free/token");
    }

    @Test
    void wrongOrMalformedCredentialsAreRefusedEvenWhereTheAddressWouldIdentify() throws Exception {
        Identities ids = identities("anonymous = free");
        InetAddress sandbox = InetAddress.getByName("10.20.1.1");
        for (String bad : new String[] {basic("alice:wrong"), basic("alice:"), basic("alice"), basic("nobody:a-secret"),
                basic("sandbox:"), "Bearer a-secret", "Basic !!!", "Basic", basic(":")}) {
            Identities.Identity id = ids.identify(bad, sandbox);
            assertThat(id).as(bad).isInstanceOf(Identities.Unknown.class);
        }
    }

    @Test
    void sourceRangesIdentifySandboxesTheMostSpecificFirst() throws Exception {
        Identities ids = identities("anonymous = deny");
        assertThat(account(ids.identify(null, InetAddress.getByName("10.20.1.1")))).isEqualTo("sandbox/free/from");
        assertThat(account(ids.identify(null, InetAddress.getByName("10.20.5.9")))).isEqualTo("inner/paid/from");
        assertThat(ids.identify(null, InetAddress.getByName("10.21.0.1"))).isInstanceOf(Identities.Unknown.class);
    }

    @Test
    void anonymousGetsTheConfiguredTierOrNothing() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("192.0.2.1");
        assertThat(account(identities("anonymous = free").identify(null, elsewhere)))
                .isEqualTo("anonymous/free/anonymous");
        Identities.Identity denied = identities("anonymous = deny").identify(null, elsewhere);
        assertThat(((Identities.Unknown) denied).problem()).contains("Proxy-Authorization: Basic");
        Identities.Known k = (Identities.Known) identities("anonymous = free\nfree.max.tunnels = 4\nfree.rate = 1")
                .identify(null, null);
        assertThat(k.caller().limits()).isEqualTo(new EgressConfig.Limits(4, 1));
    }
}
