package dev.portico.gateway.edge.tls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/** The app behind the HTTPS stopping and idling tests: "quick" at once, and "slow" after 1.5 s on {@code /slow}. */
final class QuickAndSlowApp {

    private QuickAndSlowApp() {
    }

    static WireMockServer start() {
        WireMockServer app = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        app.start();
        app.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("quick")));
        app.stubFor(any(urlEqualTo("/slow"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody("slow")));
        return app;
    }
}
