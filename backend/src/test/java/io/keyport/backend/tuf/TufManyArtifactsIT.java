package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.TufJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 10,000 artifacts added over HTTP in ten batches of 1,000, posted one after another without
 * waiting (so publications batch them), into 256 hash bins; then a client refreshes through the
 * published metadata with the model's verifier and finds every one of them in its bin with its
 * length and hash, and the bins together list exactly those 10,000 targets. The publication path is
 * the same SQL on both databases, so this runs in the H2 profile only (issue 9 §7).
 */
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "h2")
class TufManyArtifactsIT {

    private static final int ARTIFACTS = 10_000;
    private static final int BATCH = 1_000;
    private static final int BINS = 256;

    private static String path(int i) {
        return "pkgs/p" + (i % 97) + "/" + i + "/artifact-" + i + ".tar.gz";
    }

    private static byte[] content(int i) {
        return ("artifact " + i + " ").repeat(1 + i % 5).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tenThousandArtifactsInBatchesAreAllInTheirBins() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            ApiClient api = server.client();
            String admin = api.adminToken();
            TufTesting.bootstrap(api, admin, BINS);
            addAndFind(api, admin);
        }
    }

    private static void addAndFind(ApiClient api, String admin) throws Exception {
        long started = System.nanoTime();
        List<String> tasks = new ArrayList<>();
        for (int from = 0; from < ARTIFACTS; from += BATCH) {
            ObjectNode body = Json.mapper().createObjectNode();
            ArrayNode list = body.putArray("artifacts");
            for (int i = from; i < from + BATCH; i++) {
                list.add(TufTesting.artifact(path(i), content(i)));
            }
            tasks.add(accepted(api.postJson("/api/v1/artifacts", admin, body.toString())));
        }
        long acceptedAt = System.nanoTime();
        for (String task : tasks) {
            JsonNode[] last = new JsonNode[1];
            Eventually.until(Duration.ofSeconds(300), "task " + task + " is published", () -> {
                last[0] = ApiClient.expect(api.get("/api/v1/task?task_id=" + task, admin), 200)
                        .json()
                        .get("data");
                assertThat(last[0].get("state").asText()).isNotIn("ERRORED", "FAILURE");
                return last[0].get("state").asText().equals("SUCCESS");
            });
            JsonNode details = last[0].get("result").get("details");
            assertThat(details.get("added_artifacts").size()).isEqualTo(BATCH);
            assertThat(details.get("invalid_paths").size()).isZero();
        }
        long publishedAt = System.nanoTime();

        TrustedMetadataSet trusted = TufTesting.refresh(api, Instant.now());
        Map<String, byte[]> files = new HashMap<>();
        for (int i = 0; i < ARTIFACTS; i++) {
            Optional<TrustedMetadataSet.TargetMatch> match = trusted.findTarget(
                    path(i),
                    (role, meta) -> files.computeIfAbsent(
                            meta.version() + "." + role,
                            k -> TufTesting.file(api, k + ".json").orElseThrow()));
            assertThat(match).as(path(i)).isPresent();
            TargetFile target = match.get().target();
            assertThat(target.length()).as(path(i)).isEqualTo(content(i).length);
            assertThat(target.hashes()).as(path(i)).containsEntry("sha256", TufJson.sha256Hex(content(i)));
            assertThat(match.get().role()).startsWith("bins-");
        }
        // the bins list exactly these targets: none twice, none extra
        Set<String> listed = new HashSet<>();
        int total = 0;
        for (Map.Entry<String, byte[]> bin : files.entrySet()) {
            if (!bin.getKey().contains(".bins-")) {
                continue;
            }
            Targets targets = Metadata.fromBytes(bin.getValue(), Targets.class).signed();
            total += targets.targets().size();
            listed.addAll(targets.targets().keySet());
        }
        assertThat(files.keySet().stream().filter(k -> k.contains(".bins-")))
                .as("bins visited")
                .hasSize(BINS);
        assertThat(total).isEqualTo(ARTIFACTS);
        assertThat(listed).hasSize(ARTIFACTS);
        System.out.printf(
                "TufManyArtifactsIT: %d artifacts accepted in %d ms, published %d ms later; snapshot v%d%n",
                ARTIFACTS,
                Duration.ofNanos(acceptedAt - started).toMillis(),
                Duration.ofNanos(publishedAt - acceptedAt).toMillis(),
                TufTesting.version(trusted, "snapshot"));
    }
}
