package dev.portico.loadtest.peer;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * h2load (nghttp2-client), the HTTP/2 peer tool: {@code h2load -c C -m M -D secs URL} over TLS with
 * ALPN h2, many streams multiplexed on each connection.
 */
public final class H2load {

    /** What one run reported: req/s, succeeded and failed requests, 2xx count, mean and max time per request (ms). */
    public record Result(double rps, long succeeded, long failed, long status2xx, double mean, double max,
                         String protocol, String command) {
    }

    private static final Pattern RPS = Pattern.compile("finished in [\\d.]+\\w+, ([\\d.]+) req/s");
    private static final Pattern REQS = Pattern.compile("requests: \\d+ total, \\d+ started, \\d+ done, (\\d+) succeeded, (\\d+) failed");
    private static final Pattern CODES = Pattern.compile("status codes: (\\d+) 2xx");
    private static final Pattern TIME = Pattern.compile("time for request:\\s+([\\d.]+)(us|ms|s)\\s+([\\d.]+)(us|ms|s)\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern PROTO = Pattern.compile("Application protocol: (\\S+)");

    private H2load() {
    }

    public static Result run(String url, String authority, int connections, int streams, int seconds)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(Programs.require("h2load", "nghttp2-client").toString(), "-c" + connections,
                "-m" + streams, "-t1", "-D", Integer.toString(seconds), "-H", ":authority: " + authority, url);
        String out;
        try {
            out = Programs.run(cmd, seconds + 30);
        } catch (Programs.TimeoutException e) {
            // h2load 1.52's timing mode now and then leaves one client sending after the duration ended
            // (it never exits, though the server answers every stream): a second run is a fresh start
            out = Programs.run(cmd, seconds + 30);
        }
        return parse(out, String.join(" ", cmd.subList(1, cmd.size())).replace(":authority: " + authority,
                "':authority: " + authority + "'"));
    }

    static Result parse(String out, String command) throws IOException {
        Matcher rps = RPS.matcher(out);
        Matcher reqs = REQS.matcher(out);
        if (!rps.find() || !reqs.find()) {
            throw new IOException("h2load printed no result: " + out.strip());
        }
        Matcher codes = CODES.matcher(out);
        Matcher time = TIME.matcher(out);
        Matcher proto = PROTO.matcher(out);
        double mean = 0;
        double max = 0;
        if (time.find()) {
            max = ms(time.group(3), time.group(4));
            mean = ms(time.group(5), time.group(6));
        }
        return new H2load.Result(Double.parseDouble(rps.group(1)), Long.parseLong(reqs.group(1)),
                Long.parseLong(reqs.group(2)), codes.find() ? Long.parseLong(codes.group(1)) : 0, mean, max,
                proto.find() ? proto.group(1) : "?", "h2load " + command);
    }

    private static double ms(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
