package io.keyport.backend.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.AuditFactories;
import org.junit.jupiter.api.Test;

/**
 * The actions and targets of the identity domain's audit entries, as they stand in existing
 * chains: changing one would make old and new entries of the same write disagree.
 */
class IdentityAuditTest {

    @Test
    void actionsAndTargetsAreTheOnesInStoredChains() {
        assertThat(IdentityAudit.teamPut("stups", true)).isEqualTo(new IdentityAudit("team.create", "team:stups"));
        assertThat(IdentityAudit.teamPut("stups", false)).isEqualTo(new IdentityAudit("team.update", "team:stups"));
        assertThat(IdentityAudit.teamDeleted("stups")).isEqualTo(new IdentityAudit("team.delete", "team:stups"));
        assertThat(IdentityAudit.userCreated("jdoe")).isEqualTo(new IdentityAudit("user.create", "user:jdoe"));
        assertThat(IdentityAudit.userUpdated("jdoe")).isEqualTo(new IdentityAudit("user.update", "user:jdoe"));
        assertThat(IdentityAudit.userDeleted("jdoe")).isEqualTo(new IdentityAudit("user.delete", "user:jdoe"));
        assertThat(IdentityAudit.credentialCreated("kio"))
                .isEqualTo(new IdentityAudit("service.credential.create", "app:kio"));
        assertThat(IdentityAudit.credentialRevoked("kio"))
                .isEqualTo(new IdentityAudit("service.credential.revoke", "app:kio"));
        assertThat(IdentityAudit.scopesSet("kio")).isEqualTo(new IdentityAudit("service.scopes.set", "app:kio"));
    }

    @Test
    void everyFactoryIsPinnedAbove() {
        assertThat(AuditFactories.of(IdentityAudit.class))
                .containsExactlyInAnyOrder(
                        "teamPut",
                        "teamDeleted",
                        "userCreated",
                        "userUpdated",
                        "userDeleted",
                        "credentialCreated",
                        "credentialRevoked",
                        "scopesSet");
    }
}
