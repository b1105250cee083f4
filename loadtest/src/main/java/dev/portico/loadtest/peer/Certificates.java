package dev.portico.loadtest.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway CA and a leaf certificate it signed (P-256), made with openssl: {@code ca.crt}, and
 * {@code <name>.crt}/{@code <name>.key} for the given DNS names, the file layout of the gateway's
 * {@code tls.certs} folder.
 */
public record Certificates(Path ca, Path cert, Path key) {

    /** Writes the CA into {@code dir} and a leaf named {@code name} for {@code dnsNames} into {@code certsDir}. */
    public static Certificates make(Path dir, Path certsDir, String name, List<String> dnsNames)
            throws IOException, InterruptedException {
        String openssl = Programs.require("openssl", "openssl").toString();
        Files.createDirectories(dir);
        Files.createDirectories(certsDir);
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.crt");
        Programs.run(List.of(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "2", "-subj", "/CN=Portico loadtest CA", "-keyout", caKey.toString(),
                "-out", ca.toString()), 30);
        Path key = certsDir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = certsDir.resolve(name + ".crt");
        Programs.run(List.of(openssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=" + dnsNames.get(0), "-keyout", key.toString(), "-out", csr.toString()), 30);
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=" + String.join(",", dnsNames.stream().map(d -> "DNS:" + d).toList())
                + "\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
        Programs.run(List.of(openssl, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey",
                caKey.toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out",
                cert.toString()), 30);
        // PKCS#8 keys for every reader (Netty's JDK path wants PKCS#8)
        Path pk8 = dir.resolve(name + ".pk8");
        Programs.run(List.of(openssl, "pkcs8", "-topk8", "-nocrypt", "-in", key.toString(), "-out", pk8.toString()), 30);
        Files.copy(pk8, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Certificates(ca, cert, key);
    }
}
