package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.AuditFactories;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.Tag;
import org.junit.jupiter.api.Test;

/** The actions and targets of the registry's audit entries, as they will stand in stored chains. */
class RegistryAuditTest {

    @Test
    void actionsAndTargetsArePinned() {
        RepositoryName repository = RepositoryName.parse("payments/group/kio");
        assertThat(RegistryAudit.tagPushed(repository, Tag.parse("1.0")))
                .isEqualTo(new RegistryAudit("image.push", "image:payments/group/kio:1.0"));
        Digest digest = Digest.sha256(new byte[0]);
        assertThat(RegistryAudit.manifestPushed(repository, digest))
                .isEqualTo(new RegistryAudit("image.manifest.push", "image:payments/group/kio@" + digest));
        assertThat(RegistryAudit.takenDown(repository, digest))
                .isEqualTo(new RegistryAudit("image.takedown", "image:payments/group/kio@" + digest));
        assertThat(RegistryAudit.tagRulesChanged("payments"))
                .isEqualTo(new RegistryAudit("registry.team.mutable_tags", "registry-team:payments"));
        assertThat(RegistryAudit.visibilityChanged("payments"))
                .isEqualTo(new RegistryAudit("registry.team.visibility", "registry-team:payments"));
    }

    @Test
    void everyFactoryIsPinnedAbove() {
        assertThat(AuditFactories.of(RegistryAudit.class))
                .containsExactlyInAnyOrder(
                        "tagPushed", "manifestPushed", "takenDown", "tagRulesChanged", "visibilityChanged");
    }
}
