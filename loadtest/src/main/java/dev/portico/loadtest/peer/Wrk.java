package dev.portico.loadtest.peer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, the closed-loop peer tool: {@code wrk -t1 -cC -dDs --latency -H "Host: h" URL}. Used for peak
 * throughput, where a C generator leaves more of a 2-core machine to the proxy than a JVM would.
 */
public final class Wrk {

    /** What one wrk run reported; latencies in milliseconds. */
    public record Result(double rps, double p50, double p75, double p90, double p99, double max, long requests,
                         long non2xx, long socketErrors, String command) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PCT = Pattern.compile("^\\s+(50|75|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern MAX = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    public static Result run(String url, String host, int connections, int seconds, List<String> extraHeaders)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Programs.require("wrk", "wrk").toString(), "-t1",
                "-c" + connections, "-d" + seconds + "s", "--latency", "-H", "Host: " + host));
        for (String h : extraHeaders) {
            cmd.add("-H");
            cmd.add(h);
        }
        cmd.add(url);
        String out = Programs.run(cmd, seconds + 60);
        return parse(out, "wrk -t1 -c" + connections + " -d" + seconds + "s --latency -H 'Host: " + host + "'"
                + extraHeaders.stream().map(h -> " -H '" + h + "'").reduce("", String::concat) + " " + url);
    }

    static Result parse(String out, String command) throws IOException {
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IOException("wrk printed no Requests/sec: " + out.strip());
        }
        double[] pct = new double[4];
        Matcher p = PCT.matcher(out);
        while (p.find()) {
            int idx = switch (p.group(1)) {
                case "50" -> 0;
                case "75" -> 1;
                case "90" -> 2;
                default -> 3;
            };
            pct[idx] = ms(p.group(2), p.group(3));
        }
        Matcher max = MAX.matcher(out);
        double maxMs = max.find() ? ms(max.group(1), max.group(2)) : 0;
        Matcher req = REQUESTS.matcher(out);
        long requests = req.find() ? Long.parseLong(req.group(1)) : 0;
        Matcher non = NON2XX.matcher(out);
        long non2xx = non.find() ? Long.parseLong(non.group(1)) : 0;
        Matcher sock = SOCKET.matcher(out);
        long socketErrors = 0;
        if (sock.find()) {
            for (int i = 1; i <= 4; i++) {
                socketErrors += Long.parseLong(sock.group(i));
            }
        }
        return new Result(Double.parseDouble(rps.group(1)), pct[0], pct[1], pct[2], pct[3], maxMs, requests, non2xx,
                socketErrors, command);
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
