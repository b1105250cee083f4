package dev.portico.gateway.proxy;

/** {@link ProxyPathTests} with every connection on one event loop. */
class ProxyPathOneLoopTest extends ProxyPathTests {
    @Override
    int eventLoops() {
        return 1;
    }
}
