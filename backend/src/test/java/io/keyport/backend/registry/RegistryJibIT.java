package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.global.JibSystemProperties;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib ({@code jib-core}, as the Maven and Gradle plugins use it) pushes images built from scratch
 * in OCI and in Docker format, logging in with a person's password through the Docker token flow,
 * and builds a second image on top of the first, which makes it pull the base's manifest and config
 * back from the registry. jib-core has no plain-HTTP exception for loopback, so the containerizer
 * allows insecure registries (it tries HTTPS, then falls back to HTTP), and Jib's own switch
 * {@code sendCredentialsOverHttp} lets it send the password over plain HTTP (over HTTPS it needs
 * neither). The H2 run only: nothing here depends on the database.
 */
@KeyportTest
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "h2")
class RegistryJibIT {

    @TempDir
    static Path work;

    static String host;
    static RegistryClient bob;
    static Path app;

    @BeforeAll
    static void start(TestServer server, Cast cast) throws Exception {
        host = "127.0.0.1:" + server.port();
        bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        app = Files.writeString(work.resolve("hello.txt"), "hello from jib\n");
        System.setProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP, "true");
    }

    @AfterAll
    static void stop() {
        System.clearProperty(JibSystemProperties.SEND_CREDENTIALS_OVER_HTTP);
    }

    private static JibContainer push(String from, String to, ImageFormat format, String layerFile) throws Exception {
        Path file = Files.writeString(work.resolve(layerFile), "layer " + layerFile + "\n");
        var builder = from == null
                ? Jib.fromScratch()
                : Jib.from(RegistryImage.named(host + "/" + from).addCredential("alice", Cast.PASSWORD));
        return builder.setFormat(format)
                .addLayer(List.of(file, app), AbsoluteUnixPath.get("/app"))
                .setEntrypoint("/app/hello")
                .containerize(
                        Containerizer.to(RegistryImage.named(host + "/" + to).addCredential("alice", Cast.PASSWORD))
                                .setAllowInsecureRegistries(true)
                                .setBaseImageLayersCache(work.resolve("cache-base"))
                                .setApplicationLayersCache(work.resolve("cache-app"))
                                .setToolName("keyport-test"));
    }

    /** Reads the pushed manifest and config back; checks both against what Jib reported. */
    private static JsonNode readBack(String repository, String tag, JibContainer pushed, String mediaType) {
        RegistryClient.Reply manifest =
                expect(bob.get("/v2/" + repository + "/manifests/" + tag, "Accept", mediaType), 200);
        assertThat(manifest.header("Content-Type")).contains(mediaType);
        assertThat(Digest.sha256(manifest.body()).toString())
                .isEqualTo(pushed.getDigest().toString());
        assertThat(manifest.header("Docker-Content-Digest"))
                .contains(pushed.getDigest().toString());
        JsonNode json = manifest.json();
        String config = json.path("config").path("digest").asText();
        assertThat(config)
                .as("the image id is the config's digest")
                .isEqualTo(pushed.getImageId().toString());
        RegistryClient.Reply configBlob = expect(bob.get("/v2/" + repository + "/blobs/" + config), 200);
        assertThat(Digest.sha256(configBlob.body()).toString()).isEqualTo(config);
        for (JsonNode layer : json.path("layers")) {
            RegistryClient.Reply blob = expect(
                    bob.get("/v2/" + repository + "/blobs/"
                            + layer.path("digest").asText()),
                    200);
            assertThat(Digest.sha256(blob.body()).toString())
                    .isEqualTo(layer.path("digest").asText());
            assertThat((long) blob.body().length).isEqualTo(layer.path("size").asLong());
        }
        return json;
    }

    @Test
    void pushesInOciFormat() throws Exception {
        JibContainer pushed = push(null, "team-a/jib-oci:1.0", ImageFormat.OCI, "oci.txt");
        JsonNode manifest = readBack("team-a/jib-oci", "1.0", pushed, Images.OCI_MANIFEST);
        assertThat(manifest.path("layers")).hasSize(1);
    }

    @Test
    void pushesInDockerFormat() throws Exception {
        JibContainer pushed = push(null, "team-a/jib-docker:1.0", ImageFormat.Docker, "docker.txt");
        JsonNode manifest = readBack("team-a/jib-docker", "1.0", pushed, Images.DOCKER_MANIFEST);
        assertThat(manifest.path("mediaType").asText()).isEqualTo(Images.DOCKER_MANIFEST);
    }

    @Test
    void buildsOnAnImageItPullsFromTheRegistry() throws Exception {
        JibContainer base = push(null, "team-a/jib-base:1.0", ImageFormat.OCI, "base.txt");
        JibContainer derived = push("team-a/jib-base:1.0", "team-a/jib-derived:1.0", ImageFormat.OCI, "derived.txt");
        JsonNode manifest = readBack("team-a/jib-derived", "1.0", derived, Images.OCI_MANIFEST);
        JsonNode baseManifest = expect(bob.get("/v2/team-a/jib-base/manifests/" + base.getDigest()), 200)
                .json();
        assertThat(manifest.path("layers")).hasSize(2);
        assertThat(manifest.path("layers").path(0).path("digest").asText())
                .as("the base's layer, mounted or copied from team-a/jib-base")
                .isEqualTo(baseManifest.path("layers").path(0).path("digest").asText());
    }

    @Test
    void anotherTeamCannotPush() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Jib.fromScratch()
                        .addLayer(List.of(app), AbsoluteUnixPath.get("/app"))
                        .containerize(Containerizer.to(RegistryImage.named(host + "/team-a/jib-bob:1.0")
                                        .addCredential("bob", Cast.PASSWORD))
                                .setAllowInsecureRegistries(true)
                                .setBaseImageLayersCache(work.resolve("cache-base"))
                                .setApplicationLayersCache(work.resolve("cache-app"))))
                .hasStackTraceContaining("the token does not grant push on team-a/jib-bob");
        expect(bob.get("/v2/team-a/jib-bob/tags/list"), 404);
    }
}
