package dev.portico.loadtest.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Alternating runs: round r measures every target once, starting with a different target each round,
 * so that drift on a shared machine (other work, heat, the page cache) falls on all targets alike.
 */
final class Rounds {

    /** One measurement of one target in one round. */
    @FunctionalInterface
    interface Measure<T> {
        T run(String target, int round) throws Exception;
    }

    private Rounds() {
    }

    static <T> Map<String, List<T>> alternate(List<String> targets, int rounds, Measure<T> measure) throws Exception {
        Map<String, List<T>> out = new LinkedHashMap<>();
        targets.forEach(t -> out.put(t, new ArrayList<>()));
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < targets.size(); i++) {
                String t = targets.get((i + r) % targets.size());
                out.get(t).add(measure.run(t, r + 1));
            }
        }
        return out;
    }

    static <T> double median(List<T> values, ToDoubleFunction<T> f) {
        List<Double> v = new ArrayList<>();
        values.forEach(x -> v.add(f.applyAsDouble(x)));
        Collections.sort(v);
        if (v.isEmpty()) {
            return 0;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
