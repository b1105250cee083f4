package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Development certificates for a certificate folder, so that the demo serves HTTPS out of the box: a
 * dev CA ({@code dev-ca.crt}, the file a client trusts) and a {@code default} certificate for the demo's
 * domains, which also answers handshakes for any other name.
 */
public final class DevCertificates {

    private DevCertificates() {
    }

    /**
     * When {@code certsDir} holds no certificate pair yet (the dev CA aside), creates it if needed and
     * writes the dev CA and {@code default.crt}/{@code default.key} for {@code domains}; returns whether
     * it wrote anything. A folder with certificates of its own is left alone.
     */
    public static boolean ensure(Path certsDir, List<String> domains) throws IOException {
        Files.createDirectories(certsDir);
        for (String name : FolderScan.names(certsDir)) {
            if (!name.equals(DevCa.NAME) && Files.exists(certsDir.resolve(name + ".key"))) {
                return false;
            }
        }
        DevCa.loadOrCreate(certsDir).issue(certsDir, CertificatePair.DEFAULT, domains);
        return true;
    }
}
