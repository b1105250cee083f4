package dev.portico.gateway.edge.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers one pair's key and chain to the TLS engine. It stands in for a key store, which would encrypt
 * the key only for the engine to decrypt it again.
 */
final class PairKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "pair";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    PairKeyManager(LoadedPair pair) {
        this.chain = pair.chain();
        this.key = pair.key();
    }

    /** Key types as engines name them: {@code RSA}, {@code EC}, {@code EC_EC}, {@code EC_RSA}, ... */
    private String aliasFor(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_") ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
