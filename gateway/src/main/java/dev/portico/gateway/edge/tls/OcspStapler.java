package dev.portico.gateway.edge.tls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches OCSP responses for certificates whose leaf names a responder (its Authority Information Access)
 * and whose file carries the issuer after the leaf, and keeps them fresh: refetched halfway to their
 * nextUpdate, retried after a failure, and stapled only while valid. Only responses that say "good"
 * for this very certificate, signed by its issuer or a responder the issuer certified, are stapled.
 * Runs on the certificate threads (it blocks on the responder), never on an event loop.
 */
final class OcspStapler {

    private static final Logger log = LoggerFactory.getLogger(OcspStapler.class);
    private static final Duration RETRY = Duration.ofMinutes(5);
    private static final Duration LONGEST_WAIT = Duration.ofHours(12);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ScheduledExecutorService executor;
    private final HttpClient http;

    OcspStapler(ScheduledExecutorService executor) {
        this.executor = executor;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build(); // its own threads: send() blocks one of ours
    }

    /** The staple of {@code pair}, fetched in the background from now on; null when it cannot have one. */
    Staple start(LoadedPair pair) {
        X509Certificate[] chain = pair.chain();
        String url = responder(chain[0]);
        if (url == null || chain.length < 2) {
            log.debug("{}: no OCSP stapling ({})", pair.pair().name(), url == null
                    ? "the certificate names no OCSP responder" : "the file has no issuer after the leaf");
            return null;
        }
        Staple staple = new Staple();
        executor.execute(() -> fetch(staple, pair.pair().name(), url, chain[0], chain[1]));
        return staple;
    }

    private void fetch(Staple staple, String name, String url, X509Certificate leaf, X509Certificate issuer) {
        if (staple.cancelled()) {
            return;
        }
        Duration next;
        try {
            Instant validUntil = fetchOnce(staple, url, leaf, issuer);
            Duration half = Duration.between(Instant.now(), validUntil).dividedBy(2);
            next = half.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT
                    : half.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : half;
            log.debug("{}: OCSP response from {} stapled until {}", name, url, validUntil);
        } catch (Exception e) {
            log.warn("{}: OCSP response from {} not stapled: {}; retrying in {} min", name, url, e.getMessage(),
                    RETRY.toMinutes());
            next = RETRY;
        }
        if (!staple.cancelled()) {
            staple.next(executor.schedule(() -> fetch(staple, name, url, leaf, issuer), next.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private Instant fetchOnce(Staple staple, String url, X509Certificate leaf, X509Certificate issuer)
            throws Exception {
        X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), issuerHolder, leaf.getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) {
            throw new IOException("HTTP " + res.statusCode());
        }
        OCSPResp ocsp = new OCSPResp(res.body());
        if (ocsp.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new IOException("responder status " + ocsp.getStatus());
        }
        BasicOCSPResp basic = (BasicOCSPResp) ocsp.getResponseObject();
        if (!signedFor(basic, issuerHolder)) {
            throw new IOException("the response is not signed by the issuer or a responder it certified");
        }
        for (SingleResp single : basic.getResponses()) {
            if (single.getCertID().getSerialNumber().equals(leaf.getSerialNumber())
                    && single.getCertID().matchesIssuer(issuerHolder, new JcaDigestCalculatorProviderBuilder().build())) {
                if (single.getCertStatus() != null) {
                    throw new IOException("the responder does not say good for serial "
                            + leaf.getSerialNumber().toString(16) + " (revoked or unknown)");
                }
                Instant until = single.getNextUpdate() == null
                        ? Instant.now().plus(Duration.ofHours(1)) : single.getNextUpdate().toInstant();
                if (!until.isAfter(Instant.now())) {
                    throw new IOException("the response expired at " + until);
                }
                staple.set(ocsp.getEncoded(), until);
                return until;
            }
        }
        throw new IOException("the response does not cover serial " + leaf.getSerialNumber().toString(16));
    }

    private static boolean signedFor(BasicOCSPResp basic, X509CertificateHolder issuer) throws Exception {
        JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
        if (basic.isSignatureValid(verifiers.build(issuer))) {
            return true;
        }
        for (X509CertificateHolder responder : basic.getCerts()) {
            if (responder.isSignatureValid(verifiers.build(issuer))
                    && basic.isSignatureValid(verifiers.build(responder))) {
                return true;
            }
        }
        return false;
    }

    /** The OCSP responder URL in the certificate's Authority Information Access, or null. */
    static String responder(X509Certificate leaf) {
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(
                    new JcaX509CertificateHolder(leaf).getExtensions());
            if (aia == null) {
                return null;
            }
            for (AccessDescription d : aia.getAccessDescriptions()) {
                if (d.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && d.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String url = d.getAccessLocation().getName().toString();
                    return url.startsWith("http://") || url.startsWith("https://") ? url : null;
                }
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
