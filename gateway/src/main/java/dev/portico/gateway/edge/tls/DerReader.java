package dev.portico.gateway.edge.tls;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Walks DER bytes element by element, without building objects for what it skips: the index reads a
 * leaf's validity, names and CA flag from 100,000 files at start, and a general ASN.1 parser spends most
 * of its time on the parts that do not matter here (keys, signatures, issuer names).
 * Malformed input throws {@link IllegalArgumentException}.
 */
final class DerReader {

    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int BOOLEAN = 0x01;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;

    private final byte[] der;
    private int pos;
    private final int end;

    DerReader(byte[] der, int from, int end) {
        this.der = der;
        this.pos = from;
        this.end = end;
    }

    DerReader(byte[] der) {
        this(der, 0, der.length);
    }

    boolean more() {
        return pos < end;
    }

    int peek() {
        check(pos < end);
        return der[pos] & 0xff;
    }

    /** Reads an element's header, expecting {@code tag}; returns a reader over its contents and moves past it. */
    DerReader next(int tag) {
        int t = peek();
        check(t == tag);
        return next();
    }

    /** Reads any element; returns a reader over its contents and moves past it. */
    DerReader next() {
        pos++; // the tag (only single-byte tags occur in certificates)
        check(pos < end);
        int first = der[pos++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7f;
            check(bytes >= 1 && bytes <= 3 && pos + bytes <= end);
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[pos++] & 0xff);
            }
        }
        check(length >= 0 && pos + length <= end);
        DerReader contents = new DerReader(der, pos, pos + length);
        pos += length;
        return contents;
    }

    /** The remaining bytes as text (an IA5, printable or UTF-8 string's contents). */
    String text() {
        return new String(der, pos, end - pos, StandardCharsets.UTF_8);
    }

    /** Whether the remaining bytes equal {@code value} (an OID's contents, say). */
    boolean contentEquals(byte[] value) {
        if (end - pos != value.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (der[pos + i] != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** A BOOLEAN's value. */
    boolean bool() {
        return end > pos && der[pos] != 0;
    }

    /** Reads a UTCTime or GeneralizedTime element (seconds precision, UTC, as RFC 5280 has them). */
    Instant time() {
        int tag = peek();
        DerReader t = next();
        String s = t.text();
        int year;
        int i;
        if (tag == UTC_TIME) {
            int yy = digits(s, 0);
            year = yy >= 50 ? 1900 + yy : 2000 + yy;
            i = 2;
        } else {
            check(tag == GENERALIZED_TIME);
            year = digits(s, 0) * 100 + digits(s, 2);
            i = 4;
        }
        check(s.length() >= i + 10);
        return ZonedDateTime.of(year, digits(s, i), digits(s, i + 2), digits(s, i + 4), digits(s, i + 6),
                digits(s, i + 8), 0, ZoneOffset.UTC).toInstant();
    }

    private static int digits(String s, int at) {
        check(s.length() >= at + 2);
        int a = s.charAt(at) - '0';
        int b = s.charAt(at + 1) - '0';
        check(a >= 0 && a <= 9 && b >= 0 && b <= 9);
        return a * 10 + b;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("malformed DER");
        }
    }
}
