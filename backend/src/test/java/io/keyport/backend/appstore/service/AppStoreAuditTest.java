package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The App Store's audit vocabulary is stored in the chain: each factory's action and target are pinned. */
class AppStoreAuditTest {

    private static final Map<String, AppStoreAudit> PINNED = Map.of(
            "chartUploaded", AppStoreAudit.chartUploaded("nginx", "1.0.0"),
            "chartPushed", AppStoreAudit.chartPushed("nginx", "1.0.0"),
            "chartDeleted", AppStoreAudit.chartDeleted("nginx", "1.0.0"),
            "targetCreated", AppStoreAudit.targetCreated("prod"),
            "targetUpdated", AppStoreAudit.targetUpdated("prod"),
            "targetDeleted", AppStoreAudit.targetDeleted("prod"));

    @Test
    void actionsAndTargetsNeverChange() {
        assertThat(PINNED.get("chartUploaded"))
                .isEqualTo(new AppStoreAudit("chart.upload", "chart:nginx/version:1.0.0"));
        assertThat(PINNED.get("chartPushed"))
                .isEqualTo(new AppStoreAudit("chart.oci-push", "chart:nginx/version:1.0.0"));
        assertThat(PINNED.get("chartDeleted"))
                .isEqualTo(new AppStoreAudit("chart.delete", "chart:nginx/version:1.0.0"));
        assertThat(PINNED.get("targetCreated"))
                .isEqualTo(new AppStoreAudit("deployment-target.create", "namespace:prod"));
        assertThat(PINNED.get("targetUpdated"))
                .isEqualTo(new AppStoreAudit("deployment-target.update", "namespace:prod"));
        assertThat(PINNED.get("targetDeleted"))
                .isEqualTo(new AppStoreAudit("deployment-target.delete", "namespace:prod"));
    }

    @Test
    void everyFactoryIsPinned() {
        Set<String> factories = Arrays.stream(AppStoreAudit.class.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
                .filter(m -> m.getReturnType() == AppStoreAudit.class)
                .map(Method::getName)
                .collect(Collectors.toSet());
        assertThat(factories).isEqualTo(PINNED.keySet());
    }
}
