package dev.portico.gateway.edge.tls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the index needs from a leaf certificate, read straight from its DER: the DNS names it serves,
 * when it expires, whether it is a CA, and whether its names come from subjectAltName (rather than the
 * subject's CN). The whole certificate is checked later, by the JDK, before a context is built from it.
 */
record LeafCertificate(List<String> domains, Instant notAfter, boolean authority, boolean altNames) {

    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
    private static final byte[] BASIC_CONSTRAINTS = {0x55, 0x1d, 0x13};
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final int DNS_NAME = 0x82; // [2] IMPLICIT IA5String
    private static final int VERSION = 0xa0;
    private static final int EXTENSIONS = 0xa3;

    static LeafCertificate parse(byte[] der) {
        DerReader tbs = new DerReader(der).next(DerReader.SEQUENCE).next(DerReader.SEQUENCE);
        if (tbs.peek() == VERSION) {
            tbs.next();
        }
        tbs.next(); // serialNumber
        tbs.next(); // signature algorithm
        tbs.next(); // issuer
        DerReader validity = tbs.next(DerReader.SEQUENCE);
        validity.time(); // notBefore
        Instant notAfter = validity.time();
        DerReader subject = tbs.next(DerReader.SEQUENCE);
        tbs.next(); // subjectPublicKeyInfo
        List<String> domains = new ArrayList<>();
        boolean authority = false;
        while (tbs.more()) {
            if (tbs.peek() != EXTENSIONS) {
                tbs.next(); // issuer/subject unique ids
                continue;
            }
            DerReader extensions = tbs.next().next(DerReader.SEQUENCE);
            while (extensions.more()) {
                DerReader ext = extensions.next(DerReader.SEQUENCE);
                DerReader oid = ext.next(DerReader.OID);
                if (ext.peek() == DerReader.BOOLEAN) {
                    ext.next(); // critical
                }
                DerReader value = ext.next(DerReader.OCTET_STRING);
                if (oid.contentEquals(SUBJECT_ALT_NAME)) {
                    DerReader names = value.next(DerReader.SEQUENCE);
                    while (names.more()) {
                        boolean dns = names.peek() == DNS_NAME;
                        DerReader name = names.next();
                        if (dns) {
                            addDomain(domains, name.text());
                        }
                    }
                } else if (oid.contentEquals(BASIC_CONSTRAINTS)) {
                    DerReader bc = value.next(DerReader.SEQUENCE);
                    authority = bc.more() && bc.peek() == DerReader.BOOLEAN && bc.next().bool();
                }
            }
        }
        boolean altNames = !domains.isEmpty();
        if (!altNames) { // old certificates name their host only in the subject's CN
            commonNames(subject, domains);
        }
        return new LeafCertificate(domains, notAfter, authority, altNames);
    }

    private static void commonNames(DerReader subject, List<String> domains) {
        while (subject.more()) {
            DerReader rdn = subject.next(DerReader.SET);
            while (rdn.more()) {
                DerReader attribute = rdn.next(DerReader.SEQUENCE);
                if (attribute.next(DerReader.OID).contentEquals(COMMON_NAME)) {
                    addDomain(domains, attribute.next().text());
                }
            }
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
