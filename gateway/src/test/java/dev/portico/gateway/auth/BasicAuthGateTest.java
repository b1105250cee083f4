package dev.portico.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.gateway.config.AppConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

class BasicAuthGateTest {

    private static final String BCRYPT = OpenBSDBCrypt.generate("2y", "s3cret".toCharArray(), salt(), 8);
    private static final String SHA = "{sha256}" + HexFormat.of().formatHex(PasswordHash.sha256("pa:ss é"));
    private static final AppConfig.BasicAuth POLICY = new AppConfig.BasicAuth(List.of(
            new AppConfig.BasicAuth.User("alice", BCRYPT), new AppConfig.BasicAuth.User("bob", SHA)), false, "r");

    private static byte[] salt() {
        byte[] s = new byte[16];
        new SecureRandom().nextBytes(s);
        return s;
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void credentialsAreParsedStrictly() {
        assertThat(BasicCredentials.parse(basic("bob:pa:ss é"))).isEqualTo(new BasicCredentials("bob", "pa:ss é"));
        assertThat(BasicCredentials.parse("basic " + Base64.getEncoder().encodeToString("a:b".getBytes())))
                .isEqualTo(new BasicCredentials("a", "b"));
        assertThat(BasicCredentials.parse(null)).isNull();
        assertThat(BasicCredentials.parse("Basic")).isNull();
        assertThat(BasicCredentials.parse("Basic ***")).isNull();
        assertThat(BasicCredentials.parse(basic("no-colon"))).isNull();
        assertThat(BasicCredentials.parse(basic(":password-only"))).isNull();
        assertThat(BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc0, ':'})))
                .isNull();
        assertThat(new BasicCredentials("u", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void sha256IsDecidedAtOnce() {
        BasicAuthGate gate = new BasicAuthGate();
        assertThat(gate.check(POLICY, basic("bob:pa:ss é"))).isEqualTo(BasicAuthGate.PASSED);
        assertThat(gate.check(POLICY, basic("bob:wrong"))).isEqualTo(BasicAuthGate.REFUSED);
        assertThat(gate.check(POLICY, basic("nobody:pa:ss é"))).isEqualTo(BasicAuthGate.REFUSED);
        assertThat(gate.check(POLICY, null)).isEqualTo(BasicAuthGate.REFUSED);
    }

    @Test
    void bcryptRunsOffTheCallerAndItsVerdictIsThenKnownAtOnce() throws Exception {
        BasicAuthGate gate = new BasicAuthGate();
        BasicAuthGate.Verdict first = gate.check(POLICY, basic("alice:s3cret"));
        assertThat(first).isInstanceOf(BasicAuthGate.Verdict.Pending.class);
        assertThat(((BasicAuthGate.Verdict.Pending) first).result().get()).isTrue();
        assertThat(gate.check(POLICY, basic("alice:s3cret"))).isEqualTo(BasicAuthGate.PASSED);

        BasicAuthGate.Verdict wrong = gate.check(POLICY, basic("alice:guess"));
        assertThat(((BasicAuthGate.Verdict.Pending) wrong).result().get()).isFalse();
        assertThat(gate.check(POLICY, basic("alice:guess"))).isEqualTo(BasicAuthGate.REFUSED);
    }

    @Test
    void aChangedHashIsCheckedAfresh() throws Exception {
        BasicAuthGate gate = new BasicAuthGate();
        ((BasicAuthGate.Verdict.Pending) gate.check(POLICY, basic("alice:s3cret"))).result().get();
        AppConfig.BasicAuth changed = new AppConfig.BasicAuth(List.of(new AppConfig.BasicAuth.User("alice",
                OpenBSDBCrypt.generate("2y", "new".toCharArray(), salt(), 8))), false, "r");
        BasicAuthGate.Verdict v = gate.check(changed, basic("alice:s3cret"));
        assertThat(v).isInstanceOf(BasicAuthGate.Verdict.Pending.class);
        assertThat(((BasicAuthGate.Verdict.Pending) v).result().get()).isFalse();
    }

    @Test
    void theChallengeQuotesTheRealm() {
        assertThat(BasicAuthGate.challenge("Team \"A\" \\ staging"))
                .isEqualTo("Basic realm=\"Team \\\"A\\\" \\\\ staging\", charset=\"UTF-8\"");
    }

    @Test
    void aHashMadeByApacheHtpasswdIsRead() {
        // htpasswd -nbBC 10 alice 'correct horse'
        String fromHtpasswd = "$2y$10$ySSapMxX.wvEZiAdYMkZLOiOVwmEik/TG7VXhwkS0NzlXAk5DaB2C";
        assertThat(PasswordHash.matches(fromHtpasswd, "correct horse")).isTrue();
        assertThat(PasswordHash.matches(fromHtpasswd, "correct horse ")).isFalse();
        // printf %s 'hunter2' | sha256sum
        assertThat(PasswordHash.matches("{sha256}f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7",
                "hunter2")).isTrue();
    }

    @Test
    void hashesOfBothKinds() {
        assertThat(PasswordHash.matches(BCRYPT, "s3cret")).isTrue();
        assertThat(PasswordHash.matches(BCRYPT, "S3cret")).isFalse();
        assertThat(PasswordHash.matches(SHA, "pa:ss é")).isTrue();
        assertThat(PasswordHash.matches("{sha256}zz", "x")).isFalse();
        assertThat(PasswordHash.slow(BCRYPT)).isTrue();
        assertThat(PasswordHash.slow(SHA)).isFalse();
    }
}
