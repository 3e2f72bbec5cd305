package io.keyport.backend.tuf.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.db.Database;
import io.keyport.backend.db.Sql;
import io.keyport.backend.testing.StoreTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Published metadata as bytes (migration V27, decision 0059): new versions are stored and read back
 * byte for byte, and a version written as text before the migration is read as its UTF-8 bytes.
 */
@StoreTest
class TufStoreMetadataIT {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String FILE = "{\"signatures\":[],\"signed\":{\"n\":\"caf\u00e9 \uD83D\uDE00\"}}";
    private final TufStore store = new TufStore();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aVersionWrittenAsTextBeforeV27IsReadAsItsBytes(Database db) {
        db.inTransaction(c -> {
            Sql.update(
                    c,
                    "INSERT INTO tuf_metadata (role, version, content, created) VALUES (?, ?, ?, ?)",
                    "legacy",
                    1L,
                    FILE,
                    NOW);
            Sql.update(c, "INSERT INTO tuf_roles (name, version, expires) VALUES (?, ?, ?)", "legacy", 1L, NOW);
            return null;
        });

        db.read(c -> {
            assertThat(store.currentMetadataBytes(c, "legacy"))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(FILE)));
            assertThat(store.metadataBytes(c, "legacy", 1))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(FILE)));
            assertThat(store.currentMetadata(c, "legacy")).hasValue(FILE);
            return null;
        });
    }

    @Test
    void newVersionsAreStoredAndReadAsTheirBytes(Database db) {
        db.inTransaction(c -> {
            store.putMetadata(c, "single", 1, NOW, FILE, NOW);
            store.putMetadata(
                    c,
                    List.of(
                            new TufStore.NewMetadata("one", 1, NOW, bytes(FILE + " ")),
                            new TufStore.NewMetadata("two", 1, NOW, bytes(FILE + "  "))),
                    true,
                    NOW);
            store.putMetadata(c, List.of(new TufStore.NewMetadata("one", 2, NOW, bytes(FILE))), false, NOW);
            return null;
        });

        db.read(c -> {
            assertThat(store.currentMetadata(c, "single")).hasValue(FILE);
            assertThat(store.currentMetadataBytes(c, "one"))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(FILE)));
            assertThat(store.metadataBytes(c, "one", 1))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(FILE + " ")));
            assertThat(store.currentMetadataBytes(c, "two"))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes(FILE + "  ")));
            assertThat(store.roles(c))
                    .extracting(TufStore.RoleRow::name, TufStore.RoleRow::version)
                    .contains(Tuple.tuple("one", 2L), Tuple.tuple("two", 1L), Tuple.tuple("single", 1L));
            return null;
        });
    }
}
