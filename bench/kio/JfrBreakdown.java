import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Keyport server spends its CPU, from the execution samples of a Java Flight Recording,
 * in two views. Inclusive: for each area (HTTP handling, access log, database, JSON, ...) the
 * share of samples whose stack passes through it; nested areas overlap. Innermost: each sample
 * counted once, for the area of the frame nearest the top of its stack that belongs to any area
 * (JDK code counts for its caller); this column sums to 100%.
 *
 * <pre>java JfrBreakdown.java recording.jfr</pre>
 */
public final class JfrBreakdown {

    record Area(String name, Predicate<String> frame) {
    }

    static Predicate<String> prefix(String... prefixes) {
        return frame -> {
            for (String p : prefixes) {
                if (frame.startsWith(p)) {
                    return true;
                }
            }
            return false;
        };
    }

    static final List<Area> AREAS = List.of(
            new Area("HTTP request handling (Helidon Http1Connection.handle)",
                    prefix("io.helidon.webserver.http1.Http1Connection.handle")),
            new Area("  ObservabilityFilter (everything after routing)", prefix("io.keyport.backend.http.ObservabilityFilter.filter")),
            new Area("  access log (java.util.logging)", prefix("java.util.logging.", "io.helidon.logging.")),
            new Area("  metrics (Metrics.record)", prefix("io.keyport.backend.http.Metrics.record")),
            new Area("  route handler (Routes -> *HttpService)", prefix("io.keyport.backend.http.Routes.lambda")),
            new Area("    authentication (Authenticator, AuthService)", prefix("io.keyport.backend.identity.")),
            new Area("    database (Database, stores, Hikari, H2)",
                    prefix("io.keyport.backend.db.Database.", "io.keyport.backend.kio.store.", "org.h2.", "com.zaxxer.")),
            new Area("      H2 column lookup by name (JdbcResultSet.getColumnIndex)",
                    prefix("org.h2.jdbc.JdbcResultSet.getColumnIndex")),
            new Area("      pool checkout and return (Hikari)",
                    prefix("com.zaxxer.hikari.pool.HikariPool.getConnection", "com.zaxxer.hikari.pool.ProxyConnection.close")),
            new Area("      statement preparation (prepareStatement)", prefix("com.zaxxer.hikari.pool.ProxyConnection.prepareStatement",
                    "org.h2.jdbc.JdbcConnection.prepareStatement")),
            new Area("    search ranking and excerpts (Search)", prefix("io.keyport.backend.kio.service.Search.")),
            new Area("    JSON writing (Jackson)", prefix("com.fasterxml.jackson.")),
            new Area("      timestamp formatting (java.time.format)", prefix("java.time.format.")),
            new Area("  socket writes (NioSocketImpl.write)", prefix("sun.nio.ch.NioSocketImpl.write", "sun.nio.ch.NioSocketImpl.implWrite")));

    /** Areas for the innermost view, tested in this order on each frame from the top of the stack. */
    static final List<Area> LEAF_AREAS = List.of(
            new Area("timestamp formatting (java.time.format)", prefix("java.time.format.")),
            new Area("JSON writing and reading (Jackson)", prefix("com.fasterxml.jackson.")),
            new Area("H2 database engine and JDBC driver", prefix("org.h2.")),
            new Area("connection pool (Hikari)", prefix("com.zaxxer.")),
            new Area("access log (java.util.logging)", prefix("java.util.logging.", "io.helidon.logging.")),
            new Area("authentication (identity package)", prefix("io.keyport.backend.identity.")),
            new Area("search ranking and excerpts (Search)", prefix("io.keyport.backend.kio.service.Search.")),
            new Area("metrics (Metrics)", prefix("io.keyport.backend.http.Metrics.")),
            new Area("socket I/O (sun.nio.ch, java.net)", prefix("sun.nio.ch.", "java.net.")),
            new Area("other Keyport code", prefix("io.keyport.")),
            new Area("Helidon web server (parsing, routing, writing)", prefix("io.helidon.")),
            new Area("JDK and other code only", frame -> true));

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java JfrBreakdown.java recording.jfr");
            System.exit(2);
        }
        Map<Area, Integer> hits = new LinkedHashMap<>();
        AREAS.forEach(a -> hits.put(a, 0));
        Map<Area, Integer> innermost = new LinkedHashMap<>();
        LEAF_AREAS.forEach(a -> innermost.put(a, 0));
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            innermost.merge(innermostArea(frames), 1, Integer::sum);
            for (Area area : AREAS) {
                for (RecordedFrame f : frames) {
                    if (f.getMethod() != null
                            && area.frame().test(f.getMethod().getType().getName() + "." + f.getMethod().getName())) {
                        hits.merge(area, 1, Integer::sum);
                        break;
                    }
                }
            }
        }
        System.out.printf("%-66s %8s %7s%n", "CPU samples passing through", "samples", "share");
        for (Map.Entry<Area, Integer> e : hits.entrySet()) {
            System.out.printf("%-66s %8d %6.1f%%%n", e.getKey().name(), e.getValue(),
                    samples == 0 ? 0.0 : 100.0 * e.getValue() / samples);
        }
        System.out.printf("%-66s %8d%n", "all execution samples", samples);
        System.out.println();
        System.out.printf("%-66s %8s %7s%n", "CPU samples by innermost area", "samples", "share");
        for (Map.Entry<Area, Integer> e : innermost.entrySet()) {
            System.out.printf("%-66s %8d %6.1f%%%n", e.getKey().name(), e.getValue(),
                    samples == 0 ? 0.0 : 100.0 * e.getValue() / samples);
        }
    }

    static Area innermostArea(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (f.getMethod() == null) {
                continue;
            }
            String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            for (Area area : LEAF_AREAS.subList(0, LEAF_AREAS.size() - 1)) {
                if (area.frame().test(name)) {
                    return area;
                }
            }
        }
        return LEAF_AREAS.getLast();
    }
}
