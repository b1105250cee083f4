package dev.portico.gateway.edge.tls;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Finds the first {@code -----BEGIN CERTIFICATE-----} block of a PEM file and decodes it. The index
 * reads only leaves, for every file of the folder at start; doing it here skips the JDK certificate
 * factory's shared cache and lock.
 */
final class PemBlocks {

    private static final byte[] BEGIN = "-----BEGIN CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII);

    private PemBlocks() {
    }

    /** The DER bytes of the first certificate, or null when the file has none. */
    static byte[] firstCertificate(byte[] pem) {
        int begin = indexOf(pem, BEGIN, 0);
        if (begin < 0) {
            return null;
        }
        int from = begin + BEGIN.length;
        int end = indexOf(pem, END, from);
        if (end < 0) {
            return null;
        }
        byte[] base64 = new byte[end - from];
        System.arraycopy(pem, from, base64, 0, base64.length);
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** How many certificate blocks the file holds. */
    static int certificates(byte[] pem) {
        int n = 0;
        for (int at = indexOf(pem, BEGIN, 0); at >= 0; at = indexOf(pem, BEGIN, at + BEGIN.length)) {
            n++;
        }
        return n;
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
