package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.gateway.testing.TestFolder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFolderReloadTest {

    @TempDir
    Path dir;

    @Test
    void aReloadRereadsOnlyTheFilesThatChanged() throws Exception {
        TestFolder f = new TestFolder(dir);
        for (int i = 0; i < 2000; i++) {
            f.app("app" + i, "domains", "app" + i + ".test", "backends", "http://127.0.0.1:9001");
        }
        ConfigFolder folder = new ConfigFolder(dir);
        ConfigSnapshot first = folder.load();
        f.app("app7", "domains", "app7.test", "backends", "http://127.0.0.1:9002");
        f.removeApp("app8");
        f.app("new", "domains", "new.test", "backends", "http://127.0.0.1:9001");
        ConfigSnapshot second = folder.reload(first);
        assertThat(second.apps()).hasSize(2000).containsKey("new").doesNotContainKey("app8");
        assertThat(second.apps().get("app7").backends().get(0).port()).isEqualTo(9002);
        int same = 0;
        for (String name : second.apps().keySet()) {
            if (second.apps().get(name) == first.apps().get(name)) {
                same++;
            }
        }
        assertThat(same).as("configs kept as the very same objects (files not re-read)").isEqualTo(1998);
        ConfigChange change = ConfigChange.between(first, second);
        assertThat(change.added()).containsExactly("new");
        assertThat(change.removed()).containsExactly("app8");
        assertThat(change.changed()).containsExactly("app7");
        assertThat(change.toString()).isEqualTo("1 added (new), 1 changed (app7), 1 removed (app8)");
    }

    @Test
    void aReplacementOfTheSameSizeWithinOneClockTickIsStillSeen() throws Exception {
        TestFolder f = new TestFolder(dir).app("a", "domains", "a.test", "backends", "http://127.0.0.1:9001");
        ConfigFolder folder = new ConfigFolder(dir);
        ConfigSnapshot first = folder.load();
        f.app("a", "domains", "a.test", "backends", "http://127.0.0.1:9002"); // same size, new inode
        assertThat(folder.reload(first).apps().get("a").backends().get(0).port()).isEqualTo(9002);
    }

    @Test
    void aBrokenFileRefusesTheWholeReloadWithFileAndKey() throws Exception {
        TestFolder f = new TestFolder(dir).app("a", "domains", "a.test", "backends", "http://127.0.0.1:9001");
        ConfigFolder folder = new ConfigFolder(dir);
        ConfigSnapshot first = folder.load();
        f.app("a", "domains", "a.test", "backends", "::::", "workers", "many");
        f.app("b", "domains", "a.test", "backends", "http://127.0.0.1:9001");
        assertThatThrownBy(() -> folder.reload(first)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("apps/a.properties:backends: '::::'")
                .hasMessageContaining("apps/a.properties:workers: 'many' (expected a whole number, 1..100000)");
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAndAUtf8OneIsRead() throws Exception {
        TestFolder f = new TestFolder(dir).app("a", "domains", "a.test", "backends", "http://127.0.0.1:9001");
        f.write("apps/b.properties", "domains = b.test\nbackends = http://127.0.0.1:9001\nauth.realm = Caf\u00e9 \u2713\n");
        ConfigSnapshot ok = new ConfigFolder(dir).load();
        assertThat(ok.apps().get("b").auth().realm()).isEqualTo("Caf\u00e9 \u2713");
        java.nio.file.Files.write(dir.resolve("apps/c.properties"),
                new byte[] {'d', 'o', 'm', 'a', 'i', 'n', 's', '=', 'c', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> new ConfigFolder(dir).load()).isInstanceOf(ConfigException.class)
                .hasMessage("apps/c.properties: cannot be read: not UTF-8 text (expected a UTF-8 text file)");
    }

    @Test
    void aReloadOfNamedAppsLooksAtThoseFilesOnly() throws Exception {
        TestFolder f = new TestFolder(dir);
        for (int i = 0; i < 50; i++) {
            f.app("app" + i, "domains", "app" + i + ".test", "backends", "http://127.0.0.1:9001");
        }
        ConfigFolder folder = new ConfigFolder(dir);
        ConfigSnapshot first = folder.load();
        f.app("app1", "domains", "app1.test", "backends", "http://127.0.0.1:9002");
        f.app("app2", "domains", "app2.test", "backends", "http://127.0.0.1:9002"); // not named: not seen yet
        f.removeApp("app3");
        f.app("fresh", "domains", "fresh.test", "backends", "http://127.0.0.1:9001");
        ConfigSnapshot second = folder.reload(first, java.util.Set.of("app1", "app3", "fresh"));
        assertThat(second.apps()).hasSize(50).containsKey("fresh").doesNotContainKey("app3");
        assertThat(second.apps().get("app1").backends().get(0).port()).isEqualTo(9002);
        assertThat(second.apps().get("app2")).isSameAs(first.apps().get("app2"));
        assertThat(second.stamps()).containsKey("fresh").doesNotContainKey("app3");
        // a later full reload finds what the named one was not told about
        assertThat(folder.reload(second).apps().get("app2").backends().get(0).port()).isEqualTo(9002);

        f.app("fresh", "domains", "app5.test", "backends", "http://127.0.0.1:9001");
        assertThatThrownBy(() -> folder.reload(second, java.util.Set.of("fresh"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'app5.test' already belongs to app");
    }

    @Test
    void domainsMoveBetweenAppsAcrossNamedReloads() throws Exception {
        TestFolder f = new TestFolder(dir)
                .app("a", "domains", "one.test, two.test", "backends", "http://127.0.0.1:9001")
                .app("b", "domains", "three.test", "backends", "http://127.0.0.1:9001")
                .app("c", "domains", "four.test", "backends", "http://127.0.0.1:9001");
        ConfigFolder folder = new ConfigFolder(dir);
        ConfigSnapshot s = folder.load();
        // b cannot take a domain a still has
        f.app("b", "domains", "three.test, two.test", "backends", "http://127.0.0.1:9001");
        ConfigSnapshot before = s;
        assertThatThrownBy(() -> folder.reload(before, java.util.Set.of("b")))
                .hasMessage("apps/b.properties:domains: 'two.test' already belongs to app a "
                        + "(expected each domain in one app only)");
        // a gives it up in the same burst: fine
        f.app("a", "domains", "one.test", "backends", "http://127.0.0.1:9001");
        s = folder.reload(s, java.util.Set.of("a", "b"));
        assertThat(s.apps().get("b").domains()).containsExactly("three.test", "two.test");
        // then c takes one.test after a is removed, in two separate reloads
        f.removeApp("a");
        s = folder.reload(s, java.util.Set.of("a"));
        f.app("c", "domains", "four.test, one.test", "backends", "http://127.0.0.1:9001");
        s = folder.reload(s, java.util.Set.of("c"));
        assertThat(s.apps().get("c").domains()).containsExactly("four.test", "one.test");
        // and c cannot take two.test from b
        f.app("c", "domains", "two.test", "backends", "http://127.0.0.1:9001");
        ConfigSnapshot last = s;
        assertThatThrownBy(() -> folder.reload(last, java.util.Set.of("c")))
                .hasMessageContaining("'two.test' already belongs to app b");
        // a full reload agrees with the named ones
        f.app("c", "domains", "four.test, one.test", "backends", "http://127.0.0.1:9001");
        assertThat(folder.reload(last).apps()).containsOnlyKeys("b", "c");
    }
}
