package dev.portico.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.junit.jupiter.api.Test;

class PlainPropertiesTest {

    /** What Commons Configuration reads from {@code text}: keys in order, each with its values. */
    private static Map<String, List<String>> commons(String text) throws Exception {
        PropertiesConfiguration c = new PropertiesConfiguration();
        c.read(new StringReader(text));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<String> it = c.getKeys(); it.hasNext(); ) {
            String k = it.next();
            String[] all = c.getStringArray(k);
            // an empty value reads as no array element, but as "" through getString, which PropertiesFile uses
            out.put(k, all.length == 0 ? List.of(c.getString(k)) : List.of(all));
        }
        return out;
    }

    @Test
    void readsPlainFilesExactlyAsCommonsConfigurationDoes() throws Exception {
        List<String> samples = List.of(
                "domains = a.test, www.a.test\nbackends = http://127.0.0.1:9001\nworkers = 4\n",
                "# comment\n! other comment\n\n   \nkey=value\nkey2:value2\nkey3 value3\n",
                "  indented = yes  \n\tTabbed\t=\tx\t\r\nwindows = crlf\r\nold = mac\rlast = no newline",
                "a = = b\nb := c\nc : = d\nempty =\nalone\nsp    lots   of   spaces\n",
                "dup = 1\ndup = 2\nstatic./static/ = /srv/x\nurl = http://x:1/a?b=c#d\n",
                "hash = a # not a comment\nkey = value with, commas, kept\nunicode = caf\u00e9 \u2713\n",
                "form\ffeed = x\nkey\f=\fy\n",
                "workers = 1\nworkers = 2\nrate = 3\nrate.burst = 4\nratex = 5\ndomain = x\nhsts=1\n");
        for (String text : samples) {
            Map<String, List<String>> plain = PlainProperties.parse(text);
            assertThat(plain).as("plain reader declined: %s", text).isNotNull();
            assertThat(new ArrayList<>(plain.keySet())).as(text).containsExactlyElementsOf(commons(text).keySet());
            assertThat(plain).as(text).isEqualTo(commons(text));
        }
    }

    @Test
    void declinesWhatOnlyCommonsConfigurationUnderstands() {
        assertThat(PlainProperties.parse("a = one \\\n  continued\n")).isNull();
        assertThat(PlainProperties.parse("a = tab\\tescape\n")).isNull();
        assertThat(PlainProperties.parse("token = ${env:HOME}\n")).isNull();
        assertThat(PlainProperties.parse("include = other.properties\n")).isNull();
        assertThat(PlainProperties.parse("\uFEFFa = bom\n")).isNull();
        assertThat(PlainProperties.parse("= no key\n")).isNull();
        assertThat(PlainProperties.parse("a = \u0001\n")).isNull();
    }

    @Test
    void bothReadersGiveTheSameProblemsThroughPropertiesFile() {
        String text = "domains = a.test\nbackends = http://127.0.0.1:9001\nworkers = many\nworker = 3\nworkers = 5\n";
        List<ConfigProblem> plain = new ArrayList<>();
        AppConfigParser.parse("a", PropertiesFile.parse(text, "apps/a.properties", plain), java.nio.file.Path.of("."));
        List<ConfigProblem> commons = new ArrayList<>();
        // a trailing escaped newline sends the same content through Commons Configuration
        AppConfigParser.parse("a", PropertiesFile.parse(text + "x = \\\n", "apps/a.properties", commons),
                java.nio.file.Path.of("."));
        commons.removeIf(p -> p.key().equals("x"));
        assertThat(plain).isNotEmpty().containsExactlyElementsOf(commons);
        assertThat(plain.toString()).contains("apps/a.properties:workers: given 2 times (expected once)",
                "apps/a.properties:worker: unknown key");
    }
}
