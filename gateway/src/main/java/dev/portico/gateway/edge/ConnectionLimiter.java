package dev.portico.gateway.edge;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps downstream connections, in total and per visitor address, so that one client cannot take every
 * socket the gateway has. Thread-safe; every successful {@link #tryAcquire} is paired with one
 * {@link #release}.
 */
public final class ConnectionLimiter {

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private volatile int maxTotal;
    private volatile int maxPerAddress;

    public ConnectionLimiter(int maxTotal, int maxPerAddress) {
        update(maxTotal, maxPerAddress);
    }

    public void update(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    public boolean tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        if (address != null) {
            AtomicInteger n = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (n.incrementAndGet() > maxPerAddress) {
                decrement(address, n);
                total.decrementAndGet();
                return false;
            }
        }
        return true;
    }

    public void release(InetAddress address) {
        total.decrementAndGet();
        if (address != null) {
            AtomicInteger n = perAddress.get(address);
            if (n != null) {
                decrement(address, n);
            }
        }
    }

    public int total() {
        return total.get();
    }

    private void decrement(InetAddress address, AtomicInteger n) {
        if (n.decrementAndGet() == 0) {
            perAddress.remove(address, n); // a racing increment re-creates the entry; counts stay right
        }
    }
}
