package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortedArrayMapTest {

    @Test
    void behavesLikeATreeMapUnderRandomChanges() {
        Random rnd = new Random(42);
        TreeMap<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            expected.put("k" + rnd.nextInt(2000), i);
        }
        String[] keys = expected.keySet().toArray(new String[0]);
        SortedMap<String, Integer> actual = SortedArrayMap.of(keys, expected.values().toArray(), keys.length);
        for (int round = 0; round < 50; round++) {
            TreeMap<String, Integer> changes = new TreeMap<>();
            for (int c = 0; c < 1 + rnd.nextInt(20); c++) {
                String k = "k" + rnd.nextInt(2000);
                Integer v = rnd.nextInt(4) == 0 ? null : round * 1000 + c;
                changes.put(k, v);
            }
            changes.forEach((k, v) -> {
                if (v == null) {
                    expected.remove(k);
                } else {
                    expected.put(k, v);
                }
            });
            actual = SortedArrayMap.with(actual, changes);
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        }
        assertThat(actual.firstKey()).isEqualTo(expected.firstKey());
        assertThat(actual.lastKey()).isEqualTo(expected.lastKey());
        assertThat(actual.headMap("k5")).isEqualTo(expected.headMap("k5"));
        assertThat(actual.tailMap("k5")).isEqualTo(expected.tailMap("k5"));
        assertThat(actual.subMap("k3", "k7")).isEqualTo(expected.subMap("k3", "k7"));
        assertThat(actual.subMap("k3", "k7").containsKey("k8")).isFalse();
        assertThat(actual.get("nope")).isNull();
        assertThat(actual.get(42)).isNull();
    }

    @Test
    void noChangesGiveTheSameMapBack() {
        SortedArrayMap<Integer> base = SortedArrayMap.of(new String[] {"a", "b"}, new Object[] {1, 2}, 2);
        assertThat(SortedArrayMap.with(base, new TreeMap<>())).isSameAs(base);
        TreeMap<String, Integer> one = new TreeMap<>();
        one.put("b", 3);
        assertThat(SortedArrayMap.with(base, one)).isNotSameAs(base).containsEntry("b", 3).containsEntry("a", 1);
        assertThat(base).containsEntry("b", 2);
    }

    @Test
    void refusesUnsortedKeysAndChanges() {
        assertThatThrownBy(() -> SortedArrayMap.of(new String[] {"b", "a"}, new Object[2], 2))
                .isInstanceOf(IllegalArgumentException.class);
        SortedMap<String, Integer> m = SortedArrayMap.of(new String[] {"a"}, new Object[] {1}, 1);
        assertThatThrownBy(() -> m.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue(3))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
