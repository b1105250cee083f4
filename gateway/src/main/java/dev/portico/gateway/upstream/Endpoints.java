package dev.portico.gateway.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An app's endpoints and the choice among them: least outstanding requests between two picked at
 * random (power of two choices), skipping endpoints whose circuit is open or that are drained.
 */
public final class Endpoints {

    private final List<Endpoint> all;

    public Endpoints(List<Endpoint> all) {
        this.all = List.copyOf(all);
    }

    public List<Endpoint> all() {
        return all;
    }

    /**
     * Takes an endpoint for one request, never {@code exclude} (the one that just failed), or returns
     * null when none will take traffic. The caller must end the request on it exactly once.
     */
    public Endpoint take(Endpoint exclude) {
        int n = all.size();
        if (n == 1) {
            Endpoint only = all.get(0);
            return only != exclude && only.tryTake() ? only : null;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int i = rnd.nextInt(n);
        int j = rnd.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Endpoint a = all.get(i);
        Endpoint b = all.get(j);
        Endpoint first = a.outstanding() <= b.outstanding() ? a : b;
        Endpoint second = first == a ? b : a;
        if (first != exclude && first.tryTake()) {
            return first;
        }
        if (second != exclude && second.tryTake()) {
            return second;
        }
        int start = rnd.nextInt(n);
        for (int k = 0; k < n; k++) {
            Endpoint e = all.get((start + k) % n);
            if (e != first && e != second && e != exclude && e.tryTake()) {
                return e;
            }
        }
        return null;
    }

    /** Whether another endpoint than {@code failed} could be tried. */
    public boolean hasAlternative(Endpoint failed) {
        for (Endpoint e : all) {
            if (e != failed && !e.refusing()) {
                return true;
            }
        }
        return false;
    }

    /** True when every endpoint refuses traffic (all circuits open and waiting, or drained). */
    public boolean allRefusing() {
        for (Endpoint e : all) {
            if (!e.refusing()) {
                return false;
            }
        }
        return !all.isEmpty();
    }
}
