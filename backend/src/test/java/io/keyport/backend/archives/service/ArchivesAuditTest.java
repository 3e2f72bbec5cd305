package io.keyport.backend.archives.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.AuditFactories;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The actions and targets of the archives domain's audit entries, as they stand in stored chains. */
class ArchivesAuditTest {

    private static final String ID = "328ebadef2f23d30bf9f806d4eb67c56e2869f471ca34f18780c7ce31576021d";

    @Test
    void actionsAndTargetsAreTheOnesInStoredChains() {
        Workspace ws = Workspace.of(Optional.of("http://github.com/kubernauts/kploy.net"));
        assertThat(ArchivesAudit.archiveUploaded(ws, ID))
                .isEqualTo(
                        new ArchivesAudit("archive.upload", "archive:github.com/kubernauts/kploy.net/" + ID + ".zip"));
        assertThat(ArchivesAudit.archiveDeleted(Workspace.GLOBAL, ID))
                .isEqualTo(new ArchivesAudit("archive.delete", "archive:global/" + ID + ".zip"));
    }

    @Test
    void everyFactoryIsPinnedAbove() {
        assertThat(AuditFactories.of(ArchivesAudit.class))
                .containsExactlyInAnyOrder("archiveUploaded", "archiveDeleted");
    }
}
