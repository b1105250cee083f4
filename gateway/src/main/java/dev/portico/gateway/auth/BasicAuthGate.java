package dev.portico.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portico.gateway.config.AppConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Decides whether a request may pass an app's {@code auth.basic}. A sha256 hash is checked at once; a
 * bcrypt check (tens to hundreds of milliseconds by design) runs on a small pool of its own, and its
 * verdict is remembered for {@link #REMEMBER} so that a signed-in visitor costs one check, not one per
 * request. The pool's queue is bounded: a flood of guesses is refused with a verdict of its own rather
 * than queued without end.
 */
public final class BasicAuthGate {

    /** How long a bcrypt verdict is reused for the same user, hash and password. */
    static final Duration REMEMBER = Duration.ofSeconds(60);

    /** The outcome of {@link #check}. */
    public sealed interface Verdict {
        /** The visitor may pass. */
        record Passed() implements Verdict {
        }

        /** No credentials, unknown user or wrong password: ask again (401). */
        record Refused() implements Verdict {
        }

        /** Too many checks already waiting (503). */
        record Busy() implements Verdict {
        }

        /** A bcrypt check is running; completes with whether the password matched. */
        record Pending(CompletableFuture<Boolean> result) implements Verdict {
        }
    }

    public static final Verdict PASSED = new Verdict.Passed();
    public static final Verdict REFUSED = new Verdict.Refused();
    public static final Verdict BUSY = new Verdict.Busy();

    private final ExecutorService checks;
    private final AsyncCache<String, Boolean> verdicts;

    public BasicAuthGate() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.checks = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                new DefaultThreadFactory("portico-auth", true), new ThreadPoolExecutor.AbortPolicy());
        ((ThreadPoolExecutor) checks).allowCoreThreadTimeOut(true);
        this.verdicts = Caffeine.newBuilder().expireAfterWrite(REMEMBER).maximumSize(10_000).buildAsync();
    }

    /** Whether {@code authorization} (the request's header, may be null) lets the visitor through {@code policy}. */
    public Verdict check(AppConfig.BasicAuth policy, String authorization) {
        BasicCredentials c = BasicCredentials.parse(authorization);
        if (c == null) {
            return REFUSED;
        }
        AppConfig.BasicAuth.User user = null;
        for (AppConfig.BasicAuth.User u : policy.users()) {
            if (u.name().equals(c.user())) {
                user = u;
                break;
            }
        }
        if (user == null) {
            return REFUSED;
        }
        String hash = user.hash();
        if (!PasswordHash.slow(hash)) {
            return PasswordHash.matches(hash, c.password()) ? PASSED : REFUSED;
        }
        String key = HexFormat.of().formatHex(PasswordHash.sha256(c.user() + '\0' + hash + '\0' + c.password()));
        CompletableFuture<Boolean> f;
        try {
            f = verdicts.get(key, (k, ignored) -> CompletableFuture.supplyAsync(
                    () -> PasswordHash.matches(hash, c.password()), checks));
        } catch (RejectedExecutionException e) {
            return BUSY;
        }
        if (f.isDone() && !f.isCompletedExceptionally()) {
            return f.join() ? PASSED : REFUSED;
        }
        return new Verdict.Pending(f);
    }

    /** The {@code WWW-Authenticate} value for {@code realm}. */
    public static String challenge(String realm) {
        return "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"";
    }
}
