package dev.portico.gateway.egress;

import dev.portico.gateway.Gateway;
import dev.portico.gateway.testing.TestFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A running gateway with its egress listener on a free port, and the config folder it reads. */
final class EgressGateway implements AutoCloseable {

    final TestFolder folder;
    final Gateway gateway;

    private EgressGateway(TestFolder folder, Gateway gateway) {
        this.folder = folder;
        this.gateway = gateway;
    }

    static EgressGateway start(String allowlist, String accounts, String policy) {
        try {
            TestFolder f = new TestFolder(Files.createTempDirectory("portico-egress-"))
                    .gateway("listen.egress", "127.0.0.1:0").gateway("event.loops", "2");
            f.write("egress/allowlist.txt", allowlist);
            f.write("egress/accounts.properties", accounts);
            f.write("egress/policy.properties", policy);
            return new EgressGateway(f, Gateway.start(f.dir()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return gateway.port(Gateway.EGRESS);
    }

    /** Rewrites one file of the egress folder and reloads, as the file watcher will. */
    void edit(String file, String text) throws Exception {
        folder.write("egress/" + file, text);
        gateway.reload();
    }

    Path dir() {
        return folder.dir();
    }

    /** The Prometheus text the admin listener would serve. */
    String metrics() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            gateway.metrics().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
