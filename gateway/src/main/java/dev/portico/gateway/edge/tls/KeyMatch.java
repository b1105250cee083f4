package dev.portico.gateway.edge.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Whether a private key belongs to a certificate's public key: RSA by modulus, other keys by signing a
 * probe and verifying it, so that a renewal that wrote the new certificate but not yet its key is caught.
 */
final class KeyMatch {

    private static final byte[] PROBE = "portico key match".getBytes(StandardCharsets.US_ASCII);

    private KeyMatch() {
    }

    static boolean matches(PrivateKey key, PublicKey pub) {
        if (key instanceof RSAPrivateKey r && pub instanceof RSAPublicKey p) {
            return r.getModulus().equals(p.getModulus());
        }
        String algorithm;
        if (key instanceof ECPrivateKey && pub instanceof ECPublicKey) {
            algorithm = "SHA256withECDSA";
        } else if (key.getAlgorithm().startsWith("Ed") && pub.getAlgorithm().startsWith("Ed")) {
            algorithm = key.getAlgorithm();
        } else {
            return false;
        }
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(PROBE);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(pub);
            v.update(PROBE);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
