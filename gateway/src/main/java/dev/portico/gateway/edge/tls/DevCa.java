package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A development certificate authority kept in a certificate folder as {@code dev-ca.crt} +
 * {@code dev-ca.key} (a CA, so the gateway does not serve it): it signs server certificates for any
 * domains, so that a demo or a test speaks real, verifiable TLS once the client trusts
 * {@code dev-ca.crt}. Not for production.
 */
public final class DevCa {

    /** The CA's file name in the folder, without extension. */
    public static final String NAME = "dev-ca";

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(397); // what browsers accept at most
    private static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final KeyPair keys;

    private DevCa(X509Certificate certificate, KeyPair keys) {
        this.certificate = certificate;
        this.keys = keys;
    }

    /** The folder's dev CA, created (and written) when the folder has none. */
    public static DevCa loadOrCreate(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path crt = folder.resolve(NAME + ".crt");
        Path key = folder.resolve(NAME + ".key");
        if (Files.exists(crt) && Files.exists(key)) {
            try {
                CertificatePair pair = new CertificatePair(NAME, crt, key, List.of(), Instant.MAX, null);
                LoadedPair loaded = PairFiles.load(pair);
                return new DevCa(loaded.chain()[0], new KeyPair(loaded.chain()[0].getPublicKey(), loaded.key()));
            } catch (CertificateProblem p) {
                throw new IOException(crt + ": " + p.getMessage() + " (delete dev-ca.crt and dev-ca.key to make a "
                        + "new CA)", p);
            }
        }
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=Portico development CA " + Long.toHexString(RANDOM.nextLong() >>> 16)
                + ", O=Portico (development only)");
        try {
            X509v3CertificateBuilder b = builder(name, name, CA_VALIDITY, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            DevCa ca = new DevCa(sign(b, keys), keys);
            write(key, pem(keys.getPrivate()), true);
            write(crt, pem(ca.certificate), false);
            return ca;
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new EC P-256 key pair, the cheapest to handshake with. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code <name>.crt} and {@code <name>.key} for {@code domains} with a new key. */
    public Path issue(Path folder, String name, List<String> domains) throws IOException {
        return issue(folder, name, domains, newKeyPair());
    }

    /**
     * Writes {@code <name>.crt} (the leaf; the CA is the root, which clients hold) and {@code <name>.key}
     * for {@code domains} (host names, {@code *.} wildcards, IP addresses), each atomically, key first.
     */
    public Path issue(Path folder, String name, List<String> domains, KeyPair keys) throws IOException {
        List<GeneralName> names = new ArrayList<>();
        for (String d : domains) {
            names.add(generalName(d));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no domain (expected at least one, such as app.localhost)");
        }
        String first = domains.get(0).trim().toLowerCase(Locale.ROOT);
        try {
            X509v3CertificateBuilder b = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + first), LEAF_VALIDITY, keys);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            X509Certificate leaf = sign(b, this.keys);
            write(folder.resolve(name + ".key"), pem(keys.getPrivate()), true);
            Path crt = folder.resolve(name + ".crt");
            write(crt, pem(leaf), false);
            return crt;
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    private static GeneralName generalName(String raw) {
        String d = raw.trim().toLowerCase(Locale.ROOT);
        if (d.matches("[0-9.]+") || d.contains(":")) {
            try {
                return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(d).getHostAddress());
            } catch (IOException e) {
                throw new IllegalArgumentException("'" + raw + "': not an IP address", e);
            }
        }
        if (!HOST.matcher(d).matches()) {
            throw new IllegalArgumentException("'" + raw + "': not a host name (expected names such as "
                    + "app.localhost, or *.portico.localhost for every subdomain)");
        }
        return new GeneralName(GeneralName.dNSName, d);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Duration validity,
                                                    KeyPair keys) throws CertIOException {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(
                    BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject,
                    keys.getPublic());
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return b;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate certificate) {
        return pemText(certificate);
    }

    /** PKCS#8 ({@code BEGIN PRIVATE KEY}), which every TLS library reads. */
    private static String pem(PrivateKey key) {
        try {
            return pemText(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pemText(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Temp file then rename, so that the watch never reads half a file; keys readable by the owner only. */
    private static void write(Path target, String text, boolean secret) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        if (secret && Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
