package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The releases' audit vocabulary is stored in the chain: each factory's action and target are pinned. */
class ReleaseAuditTest {

    @Test
    void actionsAndTargetsNeverChangeAndEveryFactoryIsPinned() {
        Map<String, ReleaseAudit> pinned = new LinkedHashMap<>();
        pinned.put("installed", new ReleaseAudit("release.install", "release:blurry-green-cat"));
        pinned.put("upgraded", new ReleaseAudit("release.upgrade", "release:blurry-green-cat"));
        pinned.put("rolledBack", new ReleaseAudit("release.rollback", "release:blurry-green-cat"));
        pinned.put("uninstalled", new ReleaseAudit("release.uninstall", "release:blurry-green-cat"));
        pinned.put("deployed", new ReleaseAudit("release.deployed", "release:blurry-green-cat"));
        pinned.put("failed", new ReleaseAudit("release.failed", "release:blurry-green-cat"));
        pinned.put("removed", new ReleaseAudit("release.removed", "release:blurry-green-cat"));
        pinned.put("gateSet", new ReleaseAudit("package.gate.set", "package:web"));
        pinned.put("gateRemoved", new ReleaseAudit("package.gate.remove", "package:web"));

        assertThat(ReleaseAudit.installed("blurry-green-cat")).isEqualTo(pinned.get("installed"));
        assertThat(ReleaseAudit.upgraded("blurry-green-cat")).isEqualTo(pinned.get("upgraded"));
        assertThat(ReleaseAudit.rolledBack("blurry-green-cat")).isEqualTo(pinned.get("rolledBack"));
        assertThat(ReleaseAudit.uninstalled("blurry-green-cat")).isEqualTo(pinned.get("uninstalled"));
        assertThat(ReleaseAudit.deployed("blurry-green-cat")).isEqualTo(pinned.get("deployed"));
        assertThat(ReleaseAudit.failed("blurry-green-cat")).isEqualTo(pinned.get("failed"));
        assertThat(ReleaseAudit.removed("blurry-green-cat")).isEqualTo(pinned.get("removed"));
        assertThat(ReleaseAudit.gateSet("web")).isEqualTo(pinned.get("gateSet"));
        assertThat(ReleaseAudit.gateRemoved("web")).isEqualTo(pinned.get("gateRemoved"));

        assertThat(Arrays.stream(ReleaseAudit.class.getDeclaredMethods())
                        .filter(m -> Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
                        .map(java.lang.reflect.Method::getName)
                        .collect(Collectors.toSet()))
                .isEqualTo(pinned.keySet());
    }
}
