package dev.portico.gateway.proxy;

/** {@link ProxyPathTests} with connections spread over four event loops. */
class ProxyPathManyLoopsTest extends ProxyPathTests {
    @Override
    int eventLoops() {
        return 4;
    }
}
