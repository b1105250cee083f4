package dev.portico.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks a password against an {@code auth.basic} hash: bcrypt ({@code $2y$...}, deliberately slow: run it
 * off the event loop) or {@code {sha256}<hex>} (fast).
 */
final class PasswordHash {

    static final String SHA256_PREFIX = "{sha256}";

    private PasswordHash() {
    }

    /** Whether checking {@code hash} costs real CPU time (bcrypt). */
    static boolean slow(String hash) {
        return !hash.startsWith(SHA256_PREFIX);
    }

    /** Whether {@code password} matches {@code hash}; false for a hash it cannot read. */
    static boolean matches(String hash, String password) {
        if (hash.startsWith(SHA256_PREFIX)) {
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(hash.substring(SHA256_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(expected, sha256(password));
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
