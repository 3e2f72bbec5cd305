package io.keyport.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditClient} against a real server whose log holds the first admin and a few teams. */
class AuditClientTest {

    private static final AuditFilter ALL = new AuditFilter(null, null, null, null, null);

    private LiveServer server;
    private AuditClient audit;

    @BeforeEach
    void start() {
        server = LiveServer.start();
        audit = new AuditClient(server.adminTransport());
        IdentityClient identity = new IdentityClient(server.adminTransport());
        for (String team : List.of("alpha", "bravo", "charlie")) {
            identity.putTeam(team, null);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pagesNewestFirstWithFilters() {
        AuditClient.Page first = audit.newestFirst(ALL, Long.MAX_VALUE, 2);
        AuditClient.Page second = audit.newestFirst(ALL, first.next(), 2);
        AuditClient.Page teams =
                audit.newestFirst(new AuditFilter(null, "team.create", null, null, null), Long.MAX_VALUE, 100);

        assertThat(first.entries()).extracting(AuditEntry::target).containsExactly("team:charlie", "team:bravo");
        assertThat(first.next()).isEqualTo(first.entries().getLast().seq());
        assertThat(second.entries()).extracting(AuditEntry::target).containsExactly("team:alpha", "user:admin");
        assertThat(teams.entries()).hasSize(3).allMatch(e -> e.action().equals("team.create"));
        assertThat(teams.next()).as("a short page is the last").isNull();
    }

    @Test
    void timeBoundsAreSentAsTheServerReadsThem() {
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS);

        assertThat(audit.newestFirst(new AuditFilter(null, null, null, later, null), Long.MAX_VALUE, 10)
                        .entries())
                .isEmpty();
        assertThat(audit.newestFirst(new AuditFilter(null, null, null, null, later), Long.MAX_VALUE, 10)
                        .entries())
                .hasSize(4);
    }

    @Test
    void verifiesAnIntactChain() {
        AuditClient.Verification result = audit.verify();

        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(4);
        assertThat(result.firstBrokenSeq()).isNull();
    }

    @Test
    void reportsTheFirstBrokenEntry() throws SQLException {
        long victim = audit.newestFirst(new AuditFilter(null, null, "team:bravo", null, null), Long.MAX_VALUE, 1)
                .entries()
                .getFirst()
                .seq();
        try (Connection c = server.dataSource().getConnection();
                PreparedStatement forge = c.prepareStatement("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?")) {
            forge.setLong(1, victim);
            assertThat(forge.executeUpdate()).isEqualTo(1);
        }

        AuditClient.Verification result = audit.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(victim);
        assertThat(result.reason()).isNotBlank();
    }

    @Test
    void exportsTheMatchingEntriesAsJsonLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("audit.jsonl");

        audit.export(new AuditFilter(null, "team.create", null, null, null), file);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3).allMatch(line -> line.contains("\"action\":\"team.create\""));
        assertThat(dir.resolve("audit.jsonl.part")).doesNotExist();
    }

    @Test
    void refusesPeopleWhoAreNotAdmins() {
        new IdentityClient(server.adminTransport()).putUser("jdoe", "not an admin 123", List.of(), false);
        AuditClient asJdoe = new AuditClient(server.transportAs("jdoe", "not an admin 123"));

        assertThatThrownBy(asJdoe::verify)
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
