package dev.portico.gateway.cli;

import dev.portico.gateway.edge.tls.CertificateCheck;
import dev.portico.gateway.edge.tls.DevCa;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portico certs dev|check}: development certificates, and a check of a certificate folder. */
@Command(name = "certs", description = "Development certificates and certificate folder checks.",
        subcommands = {CertsCommand.Dev.class, CertsCommand.Check.class})
final class CertsCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Issues a certificate signed by the folder's dev CA (made on first use). */
    @Command(name = "dev", description = "Make a development CA (dev-ca.crt) and a certificate for the domains.")
    static final class Dev implements Callable<Integer> {

        @Option(names = "--out", defaultValue = "certs", description = "the certificate folder (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--domain", required = true,
                description = "a domain the certificate serves: app.localhost, *.portico.localhost, 127.0.0.1 (repeat)")
        List<String> domains;

        @Option(names = "--name", defaultValue = "default",
                description = "file name: <name>.crt + <name>.key (default: ${DEFAULT-VALUE}, which also answers "
                        + "names no other certificate serves)")
        String name;

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.equals(DevCa.NAME)) {
                System.err.println("portico certs dev: --name '" + name + "': expected letters, digits, '.', '_' or "
                        + "'-', and not " + DevCa.NAME);
                return 2;
            }
            try {
                Path crt = DevCa.loadOrCreate(out).issue(out, name, domains);
                Path ca = out.resolve(DevCa.NAME + ".crt");
                System.out.println("wrote " + crt + " and " + out.resolve(name + ".key") + " for " + domains);
                System.out.println("signed by the development CA " + ca + "; trust it to verify, for example:");
                String host = domains.get(0).replace("*.", "www.");
                System.out.println("  curl --cacert " + ca + " https://" + host + ":8443/");
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("portico certs dev: --domain " + e.getMessage());
                return 2;
            } catch (IOException e) {
                System.err.println("portico certs dev: " + e.getMessage());
                return 1;
            }
        }
    }

    /** Reads every pair of a folder whole, as the gateway would before serving it. */
    @Command(name = "check", description = "Check every <name>.crt + <name>.key pair of a certificate folder.")
    static final class Check implements Callable<Integer> {

        @Option(names = "--dir", defaultValue = "certs", description = "the certificate folder (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() {
            CertificateCheck check;
            try {
                check = CertificateCheck.of(dir);
            } catch (IllegalStateException e) {
                System.err.println("portico certs check: " + e.getMessage());
                return 1;
            }
            check.lines().forEach(System.out::println);
            return check.problems() == 0 ? 0 : 1;
        }
    }
}
