package dev.portico.gateway.edge.tls;

import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.security.SecureRandom;

/**
 * Session ticket keys shared by every certificate's context: a ticket survives the eviction and rebuild
 * of its context, and rotation (the newest key encrypts, the one before still decrypts) bounds how long
 * a stolen key could decrypt recorded sessions. Each context also has its own session-id context, so a
 * ticket issued for one certificate never resumes a handshake for another.
 */
final class TicketKeys {

    private final SecureRandom random = new SecureRandom();
    private volatile OpenSslSessionTicketKey[] keys;

    TicketKeys() {
        OpenSslSessionTicketKey first = newKey();
        keys = new OpenSslSessionTicketKey[] {first};
    }

    /** A new key encrypts from now on; the previous one keeps decrypting until the next rotation. */
    synchronized void rotate() {
        keys = new OpenSslSessionTicketKey[] {newKey(), keys[0]};
    }

    void applyTo(OpenSslServerSessionContext session) {
        session.setTicketKeys(keys);
    }

    private OpenSslSessionTicketKey newKey() {
        byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
        byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
        random.nextBytes(name);
        random.nextBytes(hmac);
        random.nextBytes(aes);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }
}
