package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * buildah and podman (Debian's, installed by {@code .ci/run}) against the running server, each on
 * vfs storage of its own in a temporary folder (no daemon): buildah builds two one-file images from
 * scratch (amd64 and arm64), pushes one, and pushes a manifest list of both with {@code --all};
 * podman logs in, pulls (one platform of the list too) and inspects. Digests the tools report are
 * the digests the registry serves. The H2 run only: nothing here depends on the database.
 */
@KeyportTest
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "h2")
class RegistryBuildahPodmanIT {

    @TempDir
    static Path work;

    static String host;
    static RegistryClient bob;
    static ClientTool buildah;
    static ClientTool podman;
    static Digest pushed;

    @BeforeAll
    static void build(TestServer server, Cast cast) throws IOException {
        host = "127.0.0.1:" + server.port();
        bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        buildah = ClientTool.containers("buildah", Files.createDirectories(work.resolve("buildah")));
        podman = ClientTool.containers("podman", Files.createDirectories(work.resolve("podman")));
        for (String arch : List.of("amd64", "arm64")) {
            Files.writeString(work.resolve("buildah/" + arch + ".txt"), "built for " + arch + "\n");
            String container = buildah.run("from", "scratch").ok().lastLine();
            buildah.run("copy", container, arch + ".txt", "/hello.txt").ok();
            buildah.run("config", "--arch", arch, "--os", "linux", "--cmd", "/hello", container)
                    .ok();
            buildah.run("commit", "-q", "--format", "oci", container, "localhost/hello-" + arch)
                    .ok();
        }
        buildah.run("manifest", "create", "localhost/hello-list").ok();
        buildah.run("manifest", "add", "localhost/hello-list", "localhost/hello-amd64")
                .ok();
        buildah.run("manifest", "add", "localhost/hello-list", "localhost/hello-arm64")
                .ok();

        Path digestFile = work.resolve("pushed.digest");
        buildah.run(
                        "push",
                        "--tls-verify=false",
                        "--creds",
                        creds("alice"),
                        "--digestfile",
                        digestFile.toString(),
                        "localhost/hello-amd64",
                        "docker://" + host + "/team-a/buildah:1.0")
                .ok();
        pushed = Digest.parse(Files.readString(digestFile).strip());
    }

    static String creds(String user) {
        return user + ":" + Cast.PASSWORD;
    }

    @Test
    void buildahPushesAnImageThatReadsBackWithItsDigest() {
        RegistryClient.Reply manifest = expect(
                bob.get(
                        "/v2/team-a/buildah/manifests/1.0",
                        "Accept",
                        Images.OCI_MANIFEST + "," + Images.DOCKER_MANIFEST),
                200);
        assertThat(Digest.sha256(manifest.body())).isEqualTo(pushed);
        assertThat(manifest.header("Docker-Content-Digest")).contains(pushed.toString());
        JsonNode json = manifest.json();
        List<String> blobs =
                new ArrayList<>(List.of(json.path("config").path("digest").asText()));
        json.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
        assertThat(blobs).hasSize(2);
        for (String blob : blobs) {
            RegistryClient.Reply r = expect(bob.get("/v2/team-a/buildah/blobs/" + blob), 200);
            assertThat(Digest.sha256(r.body()).toString()).isEqualTo(blob);
        }
        assertThat(expect(bob.get("/v2/team-a/buildah/tags/list"), 200)
                        .json()
                        .path("tags")
                        .toString())
                .isEqualTo("[\"1.0\"]");
    }

    @Test
    void buildahPushesAManifestListWithAll() throws IOException {
        Digest listDigest = pushList("team-a/buildah-multi:1.0");

        RegistryClient.Reply list = expect(bob.get("/v2/team-a/buildah-multi/manifests/1.0"), 200);
        assertThat(Digest.sha256(list.body())).isEqualTo(listDigest);
        JsonNode children = list.json().path("manifests");
        assertThat(children).hasSize(2);
        List<String> arches = new ArrayList<>();
        for (JsonNode child : children) {
            RegistryClient.Reply m = expect(
                    bob.get("/v2/team-a/buildah-multi/manifests/"
                            + child.path("digest").asText()),
                    200);
            assertThat(Digest.sha256(m.body()).toString())
                    .isEqualTo(child.path("digest").asText());
            String config = m.json().path("config").path("digest").asText();
            arches.add(expect(bob.get("/v2/team-a/buildah-multi/blobs/" + config), 200)
                    .json()
                    .path("architecture")
                    .asText());
        }
        assertThat(arches).containsExactlyInAnyOrder("amd64", "arm64");
    }

    @Test
    void podmanLogsInPullsAndInspects() {
        podman.run("login", "--tls-verify=false", "-u", "bob", "-p", Cast.PASSWORD, host)
                .ok();
        String image = host + "/team-a/buildah:1.0";
        podman.run("pull", "-q", "--tls-verify=false", image).ok();
        assertThat(podman.run("image", "inspect", "--format", "{{.Digest}}", image)
                        .ok()
                        .lastLine())
                .isEqualTo(pushed.toString());
        JsonNode inspected = json(podman.run("image", "inspect", image).ok().output());
        assertThat(inspected.path(0).path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected.path(0).path("RepoDigests").toString()).contains(pushed.toString());
    }

    @Test
    void podmanPullsWithCredentialsOnTheCommandLineAndOnePlatformOfAList() throws IOException {
        pushList("team-a/buildah-multi-pull:1.0");
        String image = host + "/team-a/buildah-multi-pull:1.0";
        podman.run("pull", "-q", "--tls-verify=false", "--creds", creds("bob"), "--arch", "arm64", image)
                .ok();
        JsonNode inspected = json(podman.run("image", "inspect", image).ok().output());
        assertThat(inspected.path(0).path("Architecture").asText()).isEqualTo("arm64");

        podman.run("pull", "-q", "--tls-verify=false", "--creds", "bob:wrong-password", image)
                .failed();
    }

    /** buildah pushes the two-platform list with --all to {@code reference}; returns the list's digest. */
    private static Digest pushList(String reference) throws IOException {
        Path digestFile = Files.createTempFile(work, "list", ".digest");
        buildah.run(
                        "manifest",
                        "push",
                        "--all",
                        "--tls-verify=false",
                        "--creds",
                        creds("alice"),
                        "--digestfile",
                        digestFile.toString(),
                        "localhost/hello-list",
                        "docker://" + host + "/" + reference)
                .ok();
        return Digest.parse(Files.readString(digestFile).strip());
    }

    private static JsonNode json(String output) {
        try {
            return Json.mapper().readTree(output);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + output, e);
        }
    }
}
