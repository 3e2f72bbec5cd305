package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static io.keyport.backend.tuf.TufTesting.artifact;
import static io.keyport.backend.tuf.TufTesting.awaitTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.tuf.Fetcher;
import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.HttpFetcher;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.PassthroughCacheMetaStore;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.SignatureVerificationException;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.Updater;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.signer.Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent Java TUF client, sigstore-java's {@link Updater} (issue 9 §7), follows the
 * top-level chain of a Keyport repository over HTTP: root v1 as the trust anchor, then the root
 * chain, timestamp, snapshot and targets, with consistent snapshots; after a root rotation and a
 * publication it moves on to root v2 and the new versions; a timestamp altered on the way is
 * refused. sigstore-java does not walk delegations, so the bins are left to {@link TufJsClientIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufSigstoreClientIT {

    static TestServer server;
    static ApiClient api;
    static String admin;
    static List<Signer> offline;

    @TempDir
    static Path dir;

    static Path anchor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of());
        api = server.client();
        admin = api.adminToken();
        offline = TufTesting.bootstrap(api, admin, 4);
        anchor = dir.resolve("root.json");
        Files.write(anchor, TufTesting.file(api, "1.root.json").orElseThrow());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The updater over the server's public metadata, with its trusted state in {@code store}. */
    static Updater updater(Path store, Fetcher metadata) throws Exception {
        FileSystemTufStore files = files(store);
        return Updater.builder()
                .setTrustedRootPath(RootProvider.fromFile(anchor))
                .setTrustedMetaStore(
                        TrustedMetaStore.newTrustedMetaStore(PassthroughCacheMetaStore.newPassthroughMetaCache(files)))
                .setMetaFetcher(MetaFetcher.newFetcher(metadata))
                .setTargetFetcher(HttpFetcher.newFetcher(URI.create(server.baseUrl() + "/tuf/targets/")))
                .setTargetStore(files)
                .build();
    }

    /** The client's trusted metadata and downloaded targets, in {@code store}. */
    static FileSystemTufStore files(Path store) throws Exception {
        Files.createDirectories(store.resolve("targets"));
        return FileSystemTufStore.newFileSystemStore(store, store.resolve("targets"));
    }

    static Fetcher metadata() throws Exception {
        return HttpFetcher.newFetcher(URI.create(server.baseUrl() + "/tuf/metadata/"));
    }

    /** What sigstore-java now trusts: versions of root, timestamp, snapshot and targets. */
    static List<Integer> trusted(Path store) throws Exception {
        TrustedMetaStore meta =
                TrustedMetaStore.newTrustedMetaStore(PassthroughCacheMetaStore.newPassthroughMetaCache(files(store)));
        return List.of(
                meta.getRoot().getSignedMeta().getVersion(),
                meta.getTimestamp().getSignedMeta().getVersion(),
                meta.getSnapshot().getSignedMeta().getVersion(),
                meta.getTargets().getSignedMeta().getVersion());
    }

    /** The same versions as the model's verifier finds them. */
    static List<Integer> expected() {
        TrustedMetadataSet set = TufTesting.refresh(api, Instant.now());
        return List.of(
                (int) set.root().signed().version(),
                (int) TufTesting.version(set, "timestamp"),
                (int) TufTesting.version(set, "snapshot"),
                (int) TufTesting.version(set, "targets"));
    }

    @Test
    @Order(1)
    void theUpdaterAcceptsTheTopLevelChainOfAFreshRepository() throws Exception {
        Path store = dir.resolve("client");
        updater(store, metadata()).updateMeta();
        assertThat(trusted(store)).isEqualTo(expected()).isEqualTo(List.of(1, 1, 1, 1));
    }

    @Test
    @Order(2)
    void afterARootRotationAndAPublicationItFollowsToTheNewVersions() throws Exception {
        Path store = dir.resolve("client");
        Metadata<Root> v1 = Metadata.fromBytes(Files.readAllBytes(anchor), Root.class);
        Root v2 = v1.signed().withVersion(2).withExpires(v1.signed().expires().plusSeconds(86_400));
        ObjectNode update = Json.mapper().createObjectNode();
        update.putObject("metadata")
                .set(
                        "root",
                        Json.mapper().valueToTree(TufTesting.signed(v2, offline).toJson()));
        awaitTask(api, admin, accepted(api.postJson("/api/v1/metadata", admin, update.toString())), "SUCCESS");
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("apps/s/1.0/s.bin", "s".getBytes(StandardCharsets.UTF_8)));
        awaitTask(api, admin, accepted(api.postJson("/api/v1/artifacts", admin, body.toString())), "SUCCESS");

        updater(store, metadata()).updateMeta();
        List<Integer> now = trusted(store);
        assertThat(now).isEqualTo(expected());
        assertThat(now.get(0)).isEqualTo(2);
        assertThat(now.get(1)).isGreaterThan(1); // a new timestamp and snapshot for the bin that changed
        assertThat(now.get(2)).isGreaterThan(1);
    }

    @Test
    @Order(3)
    void aTimestampAlteredOnTheWayIsRefused() throws Exception {
        Path store = dir.resolve("fresh");
        Fetcher real = metadata();
        Fetcher tampering = new Fetcher() {
            @Override
            public String getSource() {
                return real.getSource();
            }

            @Override
            public byte[] fetchResource(String name, int maxLength) throws java.io.IOException {
                byte[] bytes;
                try {
                    bytes = real.fetchResource(name, maxLength);
                } catch (dev.sigstore.tuf.FileExceedsMaxLengthException e) {
                    throw new java.io.IOException(e);
                }
                if (bytes != null && name.equals("timestamp.json")) {
                    // a later expiry than the online key signed
                    String json = new String(bytes, StandardCharsets.UTF_8);
                    return json.replaceFirst("\"expires\"\\s*:\\s*\"\\d{4}", "\"expires\":\"2999")
                            .getBytes(StandardCharsets.UTF_8);
                }
                return bytes;
            }
        };
        assertThatThrownBy(() -> updater(store, tampering).updateMeta())
                .isInstanceOf(SignatureVerificationException.class);
    }
}
