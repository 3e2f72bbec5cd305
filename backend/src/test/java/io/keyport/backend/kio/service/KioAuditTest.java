package io.keyport.backend.kio.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.AuditFactories;
import org.junit.jupiter.api.Test;

/**
 * The actions and targets of the applications domain's audit entries, as they stand in existing
 * chains: changing one would make old and new entries of the same write disagree.
 */
class KioAuditTest {

    @Test
    void actionsAndTargetsAreTheOnesInStoredChains() {
        assertThat(KioAudit.applicationCreated("kio")).isEqualTo(new KioAudit("application.create", "app:kio"));
        assertThat(KioAudit.applicationUpdated("kio")).isEqualTo(new KioAudit("application.update", "app:kio"));
        assertThat(KioAudit.policyUpdated("kio")).isEqualTo(new KioAudit("application.policy.update", "app:kio"));
        assertThat(KioAudit.versionCreated("kio", "1.0-b2"))
                .isEqualTo(new KioAudit("version.create", "app:kio/version:1.0-b2"));
        assertThat(KioAudit.versionUpdated("kio", "1.0-b2"))
                .isEqualTo(new KioAudit("version.update", "app:kio/version:1.0-b2"));
        assertThat(KioAudit.approvalAdded("kio", "1.0-b2"))
                .isEqualTo(new KioAudit("version.approve", "app:kio/version:1.0-b2"));
        assertThat(KioAudit.versionApproved("kio", "1.0-b2"))
                .isEqualTo(new KioAudit("version.approved", "app:kio/version:1.0-b2"));
    }

    @Test
    void everyFactoryIsPinnedAbove() {
        assertThat(AuditFactories.of(KioAudit.class))
                .containsExactlyInAnyOrder(
                        "applicationCreated",
                        "applicationUpdated",
                        "policyUpdated",
                        "versionCreated",
                        "versionUpdated",
                        "approvalAdded",
                        "versionApproved");
    }
}
