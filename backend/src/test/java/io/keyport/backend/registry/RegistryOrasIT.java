package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import land.oras.Annotations;
import land.oras.ArtifactType;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.LocalPath;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ORAS Java SDK pushes an artifact (a file, empty config, an artifact type), then an SBOM-like
 * artifact whose {@code subject} is the first, and lists the first's referrers, with and without
 * the artifact-type filter; it pulls the file back. Logs in with a person's password (the SDK runs
 * the Docker token flow over plain HTTP with {@code insecure}). The H2 run only: nothing here
 * depends on the database.
 */
@KeyportTest
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "h2")
class RegistryOrasIT {

    static final String ARTIFACT_TYPE = "application/vnd.keyport.test.report";
    static final String SBOM_TYPE = "application/vnd.keyport.test.sbom";

    @TempDir
    static Path work;

    static String host;
    static RegistryClient bob;
    static Registry alice;

    @BeforeAll
    static void start(TestServer server, Cast cast) {
        host = "127.0.0.1:" + server.port();
        bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        alice = Registry.builder().insecure(host, "alice", Cast.PASSWORD).build();
    }

    @Test
    void pushesAnArtifactWithASubjectAndListsItsReferrers() throws Exception {
        Path file = Files.writeString(work.resolve("report.txt"), "a report\n");
        ContainerRef ref = ContainerRef.parse(host + "/team-a/oras:1.0");
        Manifest artifact = alice.pushArtifact(
                ref, ArtifactType.from(ARTIFACT_TYPE), Annotations.empty(), Config.empty(), LocalPath.of(file));
        String subjectDigest = artifact.getDescriptor().getDigest();
        RegistryClient.Reply served = expect(bob.get("/v2/team-a/oras/manifests/1.0"), 200);
        assertThat(Digest.sha256(served.body()).toString()).isEqualTo(subjectDigest);
        assertThat(served.json().path("artifactType").asText()).isEqualTo(ARTIFACT_TYPE);

        byte[] sbom = "{\"sbom\":true}".getBytes(StandardCharsets.UTF_8);
        Layer layer = alice.pushBlob(ref, sbom).withMediaType("application/json");
        alice.pushBlob(ref, Config.empty().getDataBytes());
        Manifest referrer = Manifest.empty()
                .withArtifactType(ArtifactType.from(SBOM_TYPE))
                .withLayers(List.of(layer))
                .withSubject(artifact.getDescriptor().toSubject())
                .withAnnotations(Map.of("org.opencontainers.image.description", "the report's SBOM"));
        Manifest pushedReferrer = alice.pushManifest(ContainerRef.parse(host + "/team-a/oras:1.0-sbom"), referrer);
        String referrerDigest = pushedReferrer.getDescriptor().getDigest();
        assertThat(expect(bob.get("/v2/team-a/oras/manifests/" + referrerDigest), 200)
                        .json()
                        .path("subject")
                        .path("digest")
                        .asText())
                .isEqualTo(subjectDigest);

        ContainerRef subject = ContainerRef.parse(host + "/team-a/oras@" + subjectDigest);
        Referrers all = alice.getReferrers(subject, null);
        assertThat(all.getManifests()).extracting(ManifestDescriptor::getDigest).containsExactly(referrerDigest);
        ManifestDescriptor found = all.getManifests().getFirst();
        assertThat(found.getArtifactType()).isEqualTo(SBOM_TYPE);
        assertThat(found.getAnnotations()).containsEntry("org.opencontainers.image.description", "the report's SBOM");

        assertThat(alice.getReferrers(subject, ArtifactType.from(SBOM_TYPE)).getManifests())
                .hasSize(1);
        assertThat(alice.getReferrers(subject, ArtifactType.from("application/vnd.keyport.other"))
                        .getManifests())
                .isEmpty();

        Path pulled = Files.createDirectories(work.resolve("pulled"));
        Registry.builder().insecure(host, "bob", Cast.PASSWORD).build().pullArtifact(ref, pulled, false);
        assertThat(pulled.resolve("report.txt")).hasContent("a report");
    }

    @Test
    void listsTagsAndRefusesAPushToAnotherTeam() throws Exception {
        Path file = Files.writeString(work.resolve("other.txt"), "other\n");
        ContainerRef ref = ContainerRef.parse(host + "/team-a/oras-tags:2.0");
        alice.pushArtifact(
                ref, ArtifactType.from(ARTIFACT_TYPE), Annotations.empty(), Config.empty(), LocalPath.of(file));
        assertThat(alice.getTags(ref).tags()).containsExactly("2.0");

        Registry bobRegistry =
                Registry.builder().insecure(host, "bob", Cast.PASSWORD).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bobRegistry.pushArtifact(
                        ContainerRef.parse(host + "/team-a/oras-bob:1.0"),
                        ArtifactType.from(ARTIFACT_TYPE),
                        Annotations.empty(),
                        Config.empty(),
                        LocalPath.of(file)))
                .isInstanceOf(land.oras.exception.OrasException.class);
        expect(bob.get("/v2/team-a/oras-bob/tags/list"), 404);
    }
}
