package io.keyport.backend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurableH2FilesTest {

    @Test
    void fileUrlsRunOnTheSyncingFileSystemWithoutWriteDelay() {
        assertThat(DurableH2Files.durableUrl("jdbc:h2:file:/srv/keyport/db/keyport;MODE=PostgreSQL"))
                .isEqualTo(
                        "jdbc:h2:keyport:/srv/keyport/db/keyport;MODE=PostgreSQL;WRITE_DELAY=0;REUSE_SPACE=FALSE;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DurableH2Files.durableUrl("jdbc:h2:./db/keyport"))
                .isEqualTo("jdbc:h2:keyport:./db/keyport;WRITE_DELAY=0;REUSE_SPACE=FALSE;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(DurableH2Files.durableUrl("jdbc:h2:file:C:/keyport/db;write_delay=0"))
                .isEqualTo("jdbc:h2:keyport:C:/keyport/db;write_delay=0;REUSE_SPACE=FALSE;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void urlsThatWouldLoseAcknowledgedCommitsAreRefused() {
        assertThatThrownBy(() -> DurableH2Files.durableUrl("jdbc:h2:file:/srv/db;REUSE_SPACE=TRUE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REUSE_SPACE=TRUE");
        assertThat(DurableH2Files.durableUrl("jdbc:h2:file:/srv/db;reuse_space=false"))
                .isEqualTo("jdbc:h2:keyport:/srv/db;reuse_space=false;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThatThrownBy(() -> DurableH2Files.durableUrl("jdbc:h2:file:/srv/db;WRITE_DELAY=500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WRITE_DELAY=500");
        for (String url : new String[] {
            "jdbc:h2:mem:keyport",
            "jdbc:h2:tcp://db.example.org/keyport",
            "jdbc:h2:nioMapped:/srv/db",
            "jdbc:h2:async:/srv/db"
        }) {
            assertThatThrownBy(() -> DurableH2Files.durableUrl(url))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not durable");
        }
    }
}
