package dev.portico.gateway.admin;

import dev.portico.gateway.app.App;
import dev.portico.gateway.app.AppDirectory;
import dev.portico.gateway.app.AppState;
import dev.portico.gateway.live.LiveStats;
import dev.portico.gateway.live.Recent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which apps a list shows and in what order: by name, by load (in flight and queued now, then
 * requests per second) or by errors (5xx answers and refusals in the last minute); optionally only
 * apps matching a text or with recent traffic; one page at a time. With 100,000 apps, only those with
 * live state or recent traffic are ranked; the quiet rest follow in name order.
 */
final class AppList {

    /** One app with its numbers. */
    record Row(App app, Recent recent, int inFlight, int queued) {
        double load() {
            return inFlight + queued + recent.requestsPerSecond() / 1000.0;
        }

        long errors() {
            return recent.errorsLastMinute() + recent.rejectedLastMinute();
        }
    }

    /** The page asked for and how many apps matched in all. */
    record Page(List<Row> rows, int total) {
    }

    private AppList() {
    }

    static Page of(Collection<String> namesInOrder, AppDirectory apps, LiveStats live, String sort, String query,
                   boolean activeOnly, int offset, int limit) {
        String q = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<Row> ranked = new ArrayList<>();
        List<App> quiet = new ArrayList<>();
        AppDirectory.Snapshot snapshot = apps.snapshot();
        for (String name : namesInOrder) {
            App app = snapshot.byName().get(name);
            if (app == null || !matches(app, q)) {
                continue;
            }
            AppState s = app.stateIfStarted();
            boolean recent = live.active(name);
            if (s == null && !recent) {
                if (!activeOnly) {
                    quiet.add(app);
                }
                continue;
            }
            Row row = new Row(app, live.recent(name), s == null ? 0 : s.limiter().inFlight(),
                    s == null ? 0 : s.limiter().queued());
            if (activeOnly && !recent && row.inFlight() == 0 && row.queued() == 0) {
                continue;
            }
            ranked.add(row);
        }
        Comparator<Row> order = switch (sort) {
            case "load" -> Comparator.comparingDouble(Row::load).reversed();
            case "errors" -> Comparator.comparingLong(Row::errors).reversed()
                    .thenComparing(Comparator.comparingDouble((Row r) -> r.recent().errorRate()).reversed());
            default -> null;
        };
        List<Row> all;
        if (order == null) {
            all = merged(ranked, quiet, namesInOrder.size());
        } else {
            ranked.sort(order); // stable: ties keep name order
            all = ranked;
            for (App a : quiet) {
                all.add(new Row(a, Recent.NONE, 0, 0));
            }
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Page(new ArrayList<>(all.subList(from, to)), all.size());
    }

    /** Ranked and quiet apps back in name order (both lists already are). */
    private static List<Row> merged(List<Row> ranked, List<App> quiet, int size) {
        List<Row> out = new ArrayList<>(Math.min(size, ranked.size() + quiet.size()));
        int i = 0;
        int j = 0;
        while (i < ranked.size() || j < quiet.size()) {
            if (j == quiet.size() || i < ranked.size()
                    && ranked.get(i).app().name().compareTo(quiet.get(j).name()) < 0) {
                out.add(ranked.get(i++));
            } else {
                out.add(new Row(quiet.get(j++), Recent.NONE, 0, 0));
            }
        }
        return out;
    }

    private static boolean matches(App app, String q) {
        if (q.isEmpty() || app.name().toLowerCase(Locale.ROOT).contains(q)) {
            return true;
        }
        for (String d : app.config().domains()) {
            if (d.contains(q)) {
                return true;
            }
        }
        return false;
    }
}
