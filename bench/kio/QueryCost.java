import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.kio.service.Search;
import io.keyport.backend.kio.service.SearchCopy;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyport.model.common.Json;
import io.keyport.model.kio.ApplicationFilter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What the database side of the two Kio lists costs, without HTTP and without the rest of a busy
 * machine: opens the H2 database of a folder kept by {@code run.sh} (with {@code KEEP=1}; no server
 * may have it open) and runs the server's own store code for {@code GET /apps?team_id=} and
 * {@code GET /apps?search=} (the benchmark's teams and words, 20 queries of each per round; a
 * search goes through the server's {@code SearchCopy}, decision 0051, loaded by the first one), then
 * prints per query the CPU time of this thread (so other processes do not count), H2's page reads
 * ({@code info.FILE_READ}) and the rows read. Run with the server's classes on the class path:
 *
 * <pre>
 * java -cp 'backend/target/keyport-server.jar:backend/target/libs/*' bench/kio/QueryCost.java \
 *     --db /tmp/keyport-bench-kio.XXXXXX/data/db/keyport --cache-kb 16384 --rounds 5
 * </pre>
 *
 * {@code --cache-kb} is H2's {@code CACHE_SIZE} (16384 is H2's default); the first round reads
 * with a cold cache. With {@code --answer true} each query also builds its answer as the Kio
 * handler does (the team list streamed row by row as JSON; the search hits written as one JSON
 * document from their applications' pre-written JSON), into a stream that discards the bytes: the server's
 * whole cost of the two lists but HTTP and authentication, which both pay alike.
 */
public final class QueryCost {

    public static void main(String[] args) throws Exception {
        String db = null;
        long cacheKb = 16384;
        int rounds = 5;
        boolean answer = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--db" -> db = args[i + 1];
                case "--cache-kb" -> cacheKb = Long.parseLong(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--answer" -> answer = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (db == null) {
            throw new IllegalArgumentException("--db <folder>/data/db/keyport is required");
        }
        String url = "jdbc:h2:file:" + db + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";CACHE_SIZE=" + cacheKb;
        ApplicationStore store = new ApplicationStore();
        SearchCopy copy = new SearchCopy(store, Clock.systemUTC());
        List<String> words = Seed.WORDS.subList(0, Seed.SEARCH_TERMS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Connection c = DriverManager.getConnection(url, "", "")) {
            System.out.printf(
                    "H2 CACHE_SIZE=%d KB, %d rounds of 20 queries each%s%n",
                    cacheKb, rounds, answer ? ", with the answer built" : "");
            for (int round = 0; round < rounds; round++) {
                for (String kind : List.of("team", "search")) {
                    long reads = fileReads(c);
                    long cpu = threads.getCurrentThreadCpuTime();
                    long[] rows = {0};
                    for (int q = 0; q < 20; q++) {
                        if (kind.equals("team")) {
                            ApplicationFilter filter = new ApplicationFilter(Seed.team(q), null, null, null, null);
                            if (answer) {
                                teamAnswer(store, c, filter, rows);
                            } else {
                                store.scan(c, filter, row -> rows[0]++);
                            }
                        } else {
                            ApplicationFilter none = new ApplicationFilter(null, null, null, null, null);
                            List<SearchCopy.Hit> hits = copy.search(c, none, Search.terms(words.get(q)));
                            rows[0] += hits.size();
                            if (answer) {
                                SearchCopy.json(hits);
                            }
                        }
                    }
                    System.out.printf(
                            "round %d %-6s %7.2f ms CPU/query %6d page reads/query %6d rows/query%n",
                            round,
                            kind,
                            (threads.getCurrentThreadCpuTime() - cpu) / 20e6,
                            (fileReads(c) - reads) / 20,
                            rows[0] / 20);
                }
            }
        }
    }

    /** What {@code KioHttpService} writes for a list: each row as it is read, without flushing. */
    private static final ObjectWriter ROW_WRITER =
            Json.mapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private static void teamAnswer(ApplicationStore store, Connection c, ApplicationFilter filter, long[] rows)
            throws Exception {
        try (JsonGenerator gen = Json.mapper().createGenerator(OutputStream.nullOutputStream())) {
            gen.writeStartArray();
            store.scan(c, filter, row -> {
                rows[0]++;
                try {
                    ROW_WRITER.writeValue(gen, row.app());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            gen.writeEndArray();
        }
    }

    private static long fileReads(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_READ'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }
}
