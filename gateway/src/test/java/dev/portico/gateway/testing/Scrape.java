package dev.portico.gateway.testing;

import dev.portico.gateway.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads one series from the gateway's Prometheus text, as a scraper would see it. */
public final class Scrape {

    private Scrape() {
    }

    /** The value of {@code series} (name with its labels, as printed), or 0 when it is not there yet. */
    public static double value(Gateway gateway, String series) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            gateway.metrics().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
