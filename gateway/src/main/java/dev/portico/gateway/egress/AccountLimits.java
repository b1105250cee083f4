package dev.portico.gateway.egress;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every account's {@link AccountLimiter}, made on first use and kept across reloads while the account's
 * limits stay the same. New limits give the account a new limiter at once; connections opened under the
 * old one return their slots to it, so for a while the account may hold up to both caps together.
 */
final class AccountLimits {

    private final ConcurrentMap<String, AccountLimiter> limiters = new ConcurrentHashMap<>();

    AccountLimiter of(Caller caller) {
        AccountLimiter current = limiters.get(caller.account());
        if (current != null && current.limits().equals(caller.limits())) {
            return current;
        }
        return limiters.compute(caller.account(), (name, l) ->
                l != null && l.limits().equals(caller.limits()) ? l : new AccountLimiter(name, caller.limits()));
    }

    /** Forgets accounts that are gone (their open connections keep their limiter until they close). */
    void retain(Set<String> accounts) {
        limiters.keySet().removeIf(a -> !a.equals(Caller.ANONYMOUS) && !accounts.contains(a));
    }

    /** Open connections of {@code account}, 0 when it has none. */
    int open(String account) {
        AccountLimiter l = limiters.get(account);
        return l == null ? 0 : l.open();
    }
}
