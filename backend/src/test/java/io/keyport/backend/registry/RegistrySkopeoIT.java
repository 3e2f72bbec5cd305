package io.keyport.backend.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo (Debian's, installed by {@code .ci/run}) against the running server: it copies an image
 * from an OCI layout the test writes into the registry and out again, inspects it and lists its
 * tags, logging in with a person's password through the Docker token flow. The bytes that come
 * back are the bytes that went in.
 */
@KeyportTest
class RegistrySkopeoIT {

    static TestServer server;
    static String host;

    @TempDir
    static Path work;

    static Path policy;
    static Path layout;
    static byte[] manifest;
    static List<byte[]> blobs = new ArrayList<>();

    @BeforeAll
    static void start(TestServer testServer, Cast cast) throws IOException {
        server = testServer;
        host = "127.0.0.1:" + server.port();
        policy =
                Files.writeString(work.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        layout = work.resolve("in");
        manifest = writeLayout(layout);
    }

    /** An OCI image layout with one image tagged v1: a config and a gzipped layer. Returns its manifest. */
    static byte[] writeLayout(Path dir) throws IOException {
        Path blobDir = Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        byte[] raw = new byte[200_000];
        new Random(5).nextBytes(raw);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        byte[] layer = gz.toByteArray();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + Digest.sha256(raw) + "\"]},\"config\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] image = Images.manifest(
                Images.blob(Images.OCI_CONFIG, config), List.of(Images.blob(Images.OCI_LAYER, layer)), null);
        for (byte[] blob : List.of(layer, config, image)) {
            Files.write(blobDir.resolve(Digest.sha256(blob).hex()), blob);
            blobs.add(blob);
        }
        Files.writeString(
                dir.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + Images.OCI_MANIFEST + "\",\"digest\":\""
                        + Digest.sha256(image) + "\",\"size\":" + image.length
                        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
        return image;
    }

    /** Runs skopeo with a deadline; returns exit code and output. */
    static Result skopeo(String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--policy", policy.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .directory(work.toFile())
                    .start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (IOException e) {
                    // the process ended; what was read is kept
                }
            });
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("skopeo did not finish in 120 s: " + command);
            }
            reader.join(10_000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exit, String output) {
        Result ok() {
            assertThat(exit).as(output).isZero();
            return this;
        }
    }

    static String creds(String user) {
        return user + ":" + Cast.PASSWORD;
    }

    @Test
    void copyInInspectListTagsAndCopyOut() throws IOException {
        String image = "docker://" + host + "/team-a/skopeo";
        skopeo(
                        "copy",
                        "--dest-tls-verify=false",
                        "--dest-creds",
                        creds("alice"),
                        "oci:" + layout + ":v1",
                        image + ":v1")
                .ok();

        JsonNode inspected = Json.mapper()
                .readTree(skopeo("inspect", "--tls-verify=false", "--creds", creds("bob"), image + ":v1")
                        .ok()
                        .output());
        assertThat(inspected.get("Digest").asText())
                .isEqualTo(Digest.sha256(manifest).toString());
        assertThat(inspected.get("Os").asText()).isEqualTo("linux");

        JsonNode tags = Json.mapper()
                .readTree(skopeo("list-tags", "--tls-verify=false", "--creds", creds("bob"), image)
                        .ok()
                        .output());
        assertThat(tags.get("Tags").toString()).isEqualTo("[\"v1\"]");

        Path out = work.resolve("out");
        skopeo("copy", "--src-tls-verify=false", "--src-creds", creds("bob"), image + ":v1", "oci:" + out + ":v1")
                .ok();
        for (byte[] blob : blobs) {
            assertThat(out.resolve("blobs/sha256/" + Digest.sha256(blob).hex()))
                    .as("blob %s came back", Digest.sha256(blob))
                    .hasBinaryContent(blob);
        }
    }

    @Test
    void pushingTheSameImageAgainSucceedsAndAnotherTeamIsRefused() {
        String image = "docker://" + host + "/team-a/skopeo-again:v1";
        skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds("alice"), "oci:" + layout + ":v1", image)
                .ok();
        skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds("alice"), "oci:" + layout + ":v1", image)
                .ok();
        Result denied = skopeo(
                "copy",
                "--dest-tls-verify=false",
                "--dest-creds",
                creds("bob"),
                "oci:" + layout + ":v1",
                "docker://" + host + "/team-a/skopeo-bob:v1");
        assertThat(denied.exit()).as(denied.output()).isNotZero();
        Result wrong = skopeo("inspect", "--tls-verify=false", "--creds", "alice:wrong-password", image);
        assertThat(wrong.exit()).as(wrong.output()).isNotZero();
    }
}
