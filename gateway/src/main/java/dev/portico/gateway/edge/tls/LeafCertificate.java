package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * What the index needs from a leaf certificate, read straight from its DER: the DNS names it serves,
 * when it expires, and whether it is a CA (a CA file in the folder, such as the dev CA, serves nothing).
 */
record LeafCertificate(List<String> domains, Instant notAfter, boolean authority) {

    static LeafCertificate parse(byte[] der) {
        TBSCertificate c = tbs(der);
        Extensions ext = c.getExtensions();
        List<String> domains = new ArrayList<>();
        GeneralNames sans = ext == null ? null : GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
        if (sans != null) {
            for (GeneralName n : sans.getNames()) {
                if (n.getTagNo() == GeneralName.dNSName) {
                    addDomain(domains, ((ASN1String) n.getName()).getString());
                }
            }
        }
        if (domains.isEmpty()) { // old certificates name their host only in the subject's CN
            for (RDN cn : c.getSubject().getRDNs(BCStyle.CN)) {
                if (cn.getFirst().getValue() instanceof ASN1String s) {
                    addDomain(domains, s.getString());
                }
            }
        }
        BasicConstraints bc = ext == null ? null : BasicConstraints.fromExtensions(ext);
        return new LeafCertificate(domains, c.getEndDate().getDate().toInstant(), bc != null && bc.isCA());
    }

    /** The to-be-signed part only, parsed lazily: the key and signature are never looked at here. */
    private static TBSCertificate tbs(byte[] der) {
        try (ASN1InputStream in = new ASN1InputStream(der, true)) {
            ASN1Sequence cert = ASN1Sequence.getInstance(in.readObject());
            return TBSCertificate.getInstance(cert.getObjectAt(0));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Keeps names a handshake can ask for: host names, and {@code *.} wildcards of the left-most label. */
    private static void addDomain(List<String> domains, String raw) {
        String d = raw.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        String host = d.startsWith("*.") ? d.substring(2) : d;
        if (host.isEmpty() || host.contains("*") || host.contains(" ") || host.startsWith(".") || host.contains("..")) {
            return;
        }
        if (!domains.contains(d)) {
            domains.add(d);
        }
    }
}
