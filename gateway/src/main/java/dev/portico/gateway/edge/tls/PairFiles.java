package dev.portico.gateway.edge.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a pair from the folder, at two depths: {@link #index} reads only the leaf certificate (cheap
 * enough for every file at start); {@link #load} reads the whole chain and the key and checks that they
 * belong together (before a context is built, and before a changed pair may replace the one in use).
 * Both block on file I/O: never call them on an event loop.
 */
final class PairFiles {

    private static final long MAX_CERTIFICATE_FILE = 1024 * 1024;

    private PairFiles() {
    }

    /** The pair {@code <name>.crt} + {@code <name>.key} of {@code dir}, as the index needs it. */
    static CertificatePair index(Path dir, String name) throws CertificateProblem {
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        FileStamp stamp;
        byte[] pem;
        try {
            stamp = FileStamp.of(crt, key); // before reading: a change after this shows up as a new stamp
            pem = read(crt, stamp.certificateSize());
        } catch (NoSuchFileException e) {
            throw new CertificateProblem(Path.of(e.getFile()).getFileName() + " is missing (expected " + name
                    + ".crt and " + name + ".key side by side)");
        } catch (IOException e) {
            throw new CertificateProblem("cannot read: " + e.getMessage(), e);
        }
        byte[] der = PemBlocks.firstCertificate(pem);
        if (der == null) {
            throw new CertificateProblem("no certificate (expected a PEM block -----BEGIN CERTIFICATE-----)");
        }
        LeafCertificate leaf;
        try {
            leaf = LeafCertificate.parse(der);
        } catch (RuntimeException e) {
            throw new CertificateProblem("the first certificate is not valid X.509: " + e.getMessage(), e);
        }
        if (leaf.authority()) {
            // A self-signed certificate made with `openssl req -x509` is marked CA:true and is served for
            // its subjectAltNames, as other servers do. The dev CA, a CA without host names, and a chain
            // that starts with its CA are not.
            if (name.equals(DevCa.NAME) || !leaf.altNames()) {
                throw CertificateProblem.notServed("a CA certificate (basicConstraints CA:true), not served");
            }
            if (PemBlocks.certificates(pem) > 1) {
                throw new CertificateProblem("the first certificate is a CA certificate (basicConstraints CA:true)"
                        + " (expected the server's own certificate first, then its chain)");
            }
        }
        if (leaf.domains().isEmpty()) {
            throw new CertificateProblem("names no domain (expected subjectAltName DNS entries)");
        }
        return new CertificatePair(name, crt, key, leaf.domains(), leaf.notAfter(), stamp);
    }

    /** Reads {@code size} bytes without asking the size again (fewer system calls, times 100,000 files). */
    private static byte[] read(Path file, long size) throws IOException {
        if (size > MAX_CERTIFICATE_FILE) {
            throw new IOException("larger than " + MAX_CERTIFICATE_FILE + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        try (FileChannel ch = FileChannel.open(file)) {
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // a file cut short meanwhile is read as it is; its change shows up as a new stamp
            }
        }
        return buf.array();
    }

    /** The whole pair, checked: a chain with the leaf first, and the leaf's own private key. */
    static LoadedPair load(CertificatePair pair) throws CertificateProblem {
        X509Certificate[] chain = chain(pair);
        PrivateKey key = privateKey(pair);
        if (!KeyMatch.matches(key, chain[0].getPublicKey())) {
            throw new CertificateProblem(pair.key().getFileName() + " does not belong to " + pair.certificate()
                    .getFileName() + " (the key's public half differs from the certificate's)");
        }
        return new LoadedPair(pair, chain, key);
    }

    private static X509Certificate[] chain(CertificatePair pair) throws CertificateProblem {
        Collection<? extends Certificate> certs;
        try {
            byte[] pem = Files.readAllBytes(pair.certificate());
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (IOException | CertificateException e) {
            throw new CertificateProblem("cannot read the certificate chain: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new CertificateProblem("no certificate (expected a PEM block -----BEGIN CERTIFICATE-----)");
        }
        X509Certificate[] chain = certs.toArray(X509Certificate[]::new);
        if (chain.length > 1 && chain[0].getBasicConstraints() >= 0) {
            throw new CertificateProblem("the first certificate is a CA (expected the leaf first, then its chain)");
        }
        return chain;
    }

    private static PrivateKey privateKey(CertificatePair pair) throws CertificateProblem {
        String file = pair.key().getFileName().toString();
        byte[] pem;
        try {
            pem = Files.readAllBytes(pair.key());
        } catch (IOException e) {
            throw new CertificateProblem("cannot read " + file + ": " + e.getMessage(), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem),
                StandardCharsets.US_ASCII))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair keyPair) { // SEC1 or PKCS#1, with or without its public half
                    return converter.getPrivateKey(keyPair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new CertificateProblem(file + " is encrypted (expected a key without passphrase: "
                            + "openssl pkey -in " + file + " -out " + file + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("cannot read the private key in " + file + ": " + e.getMessage(), e);
        }
        throw new CertificateProblem("no private key in " + file
                + " (expected a PEM block PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }
}
