/*
 * neo4j-local: Neo4j Community embedded with only its Bolt connector on
 * 127.0.0.1, for ringtrace development and integration tests. Prints exactly
 * one ready line on stdout ("neo4j-local ready bolt://127.0.0.1:PORT"), shuts
 * down cleanly on SIGTERM/SIGINT through a shutdown hook, and exits non-zero
 * with a one-line reason on stderr when the port is taken or the store is
 * locked by another process.
 *
 * With OpenGDS on the class path (the pom brings it), the Graph Data Science
 * procedures ringtrace uses are registered through GlobalProcedures, as
 * OpenGDS's own tests do (an embedded server loads no plugin folder), and
 * `gds.*` may use the unrestricted internals they need. The ready line then
 * ends with " gds" so the Node side knows the path is there.
 *
 * Usage: java -cp 'target/classes:target/lib/*' dev.ringtrace.neo4jlocal.Neo4jLocal
 *          --home DIR [--port 7687] [--password PW] [--pagecache 64m]
 */
package dev.ringtrace.neo4jlocal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

public final class Neo4jLocal {
    private static final String HOST = "127.0.0.1";
    /** Exit codes the Node side can tell apart; the message on stderr says the same in words. */
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_PORT_TAKEN = 3;
    private static final int EXIT_STORE_LOCKED = 4;
    private static final int EXIT_FAILED = 1;
    /** The status the shutdown hook exits with: 0 for a stop by signal, the failure code after fail(). */
    private static volatile int exitStatus = 0;
    /**
     * The OpenGDS procedure classes ringtrace calls: projections (native and Cypher), the catalog, Leiden and Louvain
     * in stream mode, and the version. The Cypher-aggregation projection (`gds.graph.project` as a function) is
     * registered by OpenGDS's own extension.
     */
    private static final List<String> GDS_PROCEDURES = List.of(
            "org.neo4j.gds.catalog.GraphProjectProc",
            "org.neo4j.gds.catalog.GraphDropProc",
            "org.neo4j.gds.catalog.GraphListProc",
            "org.neo4j.gds.catalog.GraphExistsProc",
            "org.neo4j.gds.leiden.LeidenStreamProc",
            "org.neo4j.gds.louvain.LouvainStreamProc",
            "org.neo4j.gds.wcc.WccStreamProc");

    private Neo4jLocal() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            fail(EXIT_USAGE, e.getMessage() + "\nusage: neo4j-local --home DIR [--port 7687] [--password PW] [--pagecache 64m]");
            return;
        }

        // Checked before Neo4j starts: its own bind failure surfaces late, after
        // the store is opened, and buried in a lifecycle stack trace.
        if (!portFree(options.port)) {
            fail(EXIT_PORT_TAKEN, "neo4j-local: port " + options.port + " on " + HOST + " is already in use (another Neo4j or process is listening there); choose another --port");
            return;
        }

        DatabaseManagementService dbms;
        try {
            Files.createDirectories(options.home);
            dbms = new DatabaseManagementServiceBuilder(options.home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, options.port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, options.port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, options.pagecacheBytes)
                    // Preallocation reserves hundreds of MB of empty transaction log per database.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // The default keeps two days of transaction logs: a 100k-seller load left
                    // 1.8 GB of them beside an 0.8 GB store. A local server has no backups to feed.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "256M size")
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Netty waits a 5 s quiet period per event loop group on shutdown (10 s per
                    // stop); a local dev/test server has no in-flight clients worth waiting for.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseSettings.auth_enabled, options.password != null)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"))
                    .build();
        } catch (IOException e) {
            fail(EXIT_FAILED, "neo4j-local: cannot create home " + options.home + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            if (causedBy(e, "FileLockException")) {
                fail(EXIT_STORE_LOCKED, "neo4j-local: the store at " + options.home + " is locked by another Neo4j process; stop it or use another --home");
            } else if (causedBy(e, "PortBindException")) {
                fail(EXIT_PORT_TAKEN, "neo4j-local: port " + options.port + " on " + HOST + " is already in use; choose another --port");
            } else {
                fail(EXIT_FAILED, "neo4j-local: Neo4j failed to start: " + rootMessage(e));
            }
            return;
        }

        boolean gds;
        CountDownLatch stopped = new CountDownLatch(1);
        final DatabaseManagementService running = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.shutdown();
            stopped.countDown();
            // A JVM stopped by SIGTERM exits 143 even after a clean shutdown, unless the
            // main thread happens to finish first; halting makes a clean stop report 0.
            System.out.flush();
            Runtime.getRuntime().halt(exitStatus);
        }, "neo4j-local-shutdown"));

        try {
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            GraphDatabaseService graph = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!graph.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
                fail(EXIT_FAILED, "neo4j-local: the database did not become available within 2 minutes");
                return;
            }
            if (options.password != null) {
                setPassword(system, options.password);
            }
            gds = registerGds(graph);
        } catch (RuntimeException e) {
            fail(EXIT_FAILED, "neo4j-local: Neo4j started but setup failed: " + rootMessage(e));
            return;
        }

        System.out.println("neo4j-local ready bolt://" + HOST + ":" + options.port + (gds ? " gds" : ""));
        System.out.flush();

        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Registers the OpenGDS procedures when OpenGDS is on the class path; false when it is not. A class that is
     * there but fails to register is a broken install and fails the start.
     */
    private static boolean registerGds(GraphDatabaseService graph) {
        Class<?> first;
        try {
            first = Class.forName(GDS_PROCEDURES.get(0));
        } catch (ClassNotFoundException e) {
            return false;
        }
        GlobalProcedures procedures = ((GraphDatabaseAPI) graph).getDependencyResolver().resolveDependency(GlobalProcedures.class);
        for (String name : GDS_PROCEDURES) {
            try {
                procedures.registerProcedure(name.equals(first.getName()) ? first : Class.forName(name));
            } catch (Exception e) {
                throw new IllegalStateException("cannot register OpenGDS procedure class " + name + ": " + e.getMessage(), e);
            }
        }
        return true;
    }

    /**
     * Sets the neo4j user's password. On a home that already has this password
     * (a restart) Neo4j refuses to "change" it to the same value; that refusal
     * means the password is already right, so it is not a failure.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            // The password travels as a parameter, never inside the statement text.
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            if (!rootMessage(e).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // SO_REUSEADDR as Netty binds it: connections left in TIME_WAIT by a
            // previous run do not count as taken, a live listener still does.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean causedBy(Throwable error, String simpleName) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** System.exit runs the shutdown hook when Neo4j is already up, so the store still closes cleanly. */
    private static void fail(int code, String message) {
        exitStatus = code;
        System.err.println(message);
        System.err.flush();
        System.exit(code);
    }

    private static final class Options {
        Path home;
        int port = 7687;
        String password;
        long pagecacheBytes = 64L * 1024 * 1024;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("neo4j-local: " + name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--home" -> o.home = Path.of(value).toAbsolutePath();
                    case "--port" -> o.port = parsePort(value);
                    case "--password" -> o.password = value.isEmpty() ? null : value;
                    case "--pagecache" -> o.pagecacheBytes = parseBytes(value);
                    default -> throw new IllegalArgumentException("neo4j-local: unknown option " + name);
                }
            }
            if (o.home == null) {
                throw new IllegalArgumentException("neo4j-local: --home is required");
            }
            return o;
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("neo4j-local: --port must be 1..65535 (Bolt cannot listen on port 0), got " + value);
            }
        }

        private static long parseBytes(String value) {
            String v = value.trim().toLowerCase();
            long unit = 1;
            if (v.endsWith("g")) {
                unit = 1024L * 1024 * 1024;
            } else if (v.endsWith("m")) {
                unit = 1024L * 1024;
            } else if (v.endsWith("k")) {
                unit = 1024L;
            }
            String digits = unit == 1 ? v : v.substring(0, v.length() - 1);
            try {
                return Long.parseLong(digits) * unit;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("neo4j-local: --pagecache must look like 64m or 1g, got " + value);
            }
        }
    }
}
