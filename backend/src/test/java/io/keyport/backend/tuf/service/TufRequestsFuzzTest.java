package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.http.ApiException;
import io.keyport.model.common.Json;
import java.util.LinkedHashMap;

/**
 * The request parsers of root rotation, signatures and custom delegations (decisions 0037, 0058) on any
 * JSON: each either answers a parsed request or refuses with a 4xx of RSTUF's family; never another
 * exception (the model's own refusals and runtime exceptions become 422 at the boundary).
 */
class TufRequestsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyJsonIsARequestOrA4xx(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            return; // not JSON: the HTTP layer answers 400 before these parsers run
        }
        if (node == null) {
            return;
        }
        refusedCleanly(() -> RootSigning.parseUpdate(node));
        refusedCleanly(() -> RootSigning.parseSignature(node));
        refusedCleanly(() -> {
            if (node.isObject()
                    && node.has("delegations")
                    && node.get("delegations").isObject()) {
                // offline keys too (decision 0058): the key objects are parsed by the model
                BootstrapPayload.customRoles(
                        node.get("delegations"),
                        new LinkedHashMap<>(),
                        "delegations",
                        new LinkedHashMap<>(),
                        id -> false);
            }
        });
    }

    private static void refusedCleanly(Runnable parse) {
        try {
            parse.run();
        } catch (ApiException e) {
            assertThat(e.code().family()).isSameAs(RstufError.FAMILY);
            assertThat(e.status().code()).isBetween(400, 499);
        }
    }
}
