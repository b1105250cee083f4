package dev.portico.gateway.edge.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A pair read whole and checked: its chain (leaf first) and the private key that belongs to the leaf. */
record LoadedPair(CertificatePair pair, X509Certificate[] chain, PrivateKey key) {
}
