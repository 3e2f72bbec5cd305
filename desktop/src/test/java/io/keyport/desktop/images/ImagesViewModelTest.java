package io.keyport.desktop.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.shell.SignedInUser;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Images view's logic on the test thread against a real server holding images pushed with Jib
 * by a team member, a two-platform index, a signature and an SBOM, and a tag pushed with its SCM
 * source.
 */
class ImagesViewModelTest {

    private static LiveServer server;
    private static String shop10;
    private static String shop11;
    private static String workers;
    private static String leak;

    private final RecordingDialogs dialogs = new RecordingDialogs();

    @BeforeAll
    static void pushImages() throws IOException {
        server = LiveServer.start();
        Path folder = Files.createTempDirectory("keyport-images-vm");
        try (ImagePushes push = new ImagePushes(server, folder)) {
            push.member("acme", "jdoe");
            push.member("ops", "kim");
            shop10 = push.jib("jdoe", "jdoe-password-1", "acme/shop", "1.0", 40_000);
            shop11 = push.jib("jdoe", "jdoe-password-1", "acme/shop", "1.1", 50_000);
            push.jib("kim", "kim-password-1", "ops/tools", "2.0-SNAPSHOT", 1_000);
            leak = push.jib("kim", "kim-password-1", "ops/leak", "0.9", 500);
            server.adminTransport()
                    .put(
                            "/v2/_keyport/teams/ops/mutable-tag-patterns",
                            Map.of("patterns", List.of("*-SNAPSHOT", "nightly-*")),
                            null);
            push.jib("kim", "kim-password-1", "ops/nightly", "nightly-7", 500);
            workers = push.index("acme/workers", "3.0");
            push.referrer("acme/shop", shop10, ImagePushes.COSIGN, "{\"critical\":{}}");
            push.referrer("acme/shop", shop10, ImagePushes.SPDX, "{\"spdxVersion\":\"SPDX-2.3\"}");
            push.putManifest(
                    "acme/shop",
                    "1.0-release",
                    push.manifest("acme/shop", shop10),
                    ImagePushes.OCI_MANIFEST,
                    Map.of(
                            "X-SCM-Source",
                            "{\"url\":\"https://github.com/acme/shop\",\"revision\":\"0123456789abcdef0123\","
                                    + "\"author\":\"jdoe\",\"status\":\"\"}"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private ImagesViewModel viewModel(boolean admin) {
        ImagesClient client = new ImagesClient(server.adminTransport());
        return new ImagesViewModel(
                client,
                client::takedown,
                new DirectTaskExecutor(),
                dialogs,
                new SignedInUser(server.baseUrl(), admin ? "admin" : "jdoe", "/employees", admin, Set.of()));
    }

    @Test
    void teamsRepositoriesAndTagsNewestFirstWithKindAndPusher() {
        ImagesViewModel vm = viewModel(true);
        vm.load();

        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.teams()).containsExactly("acme", "ops");
        assertThat(vm.teamProperty().get()).isEqualTo("acme");
        assertThat(vm.artifacts()).containsExactly("shop", "workers");
        assertThat(vm.artifactProperty().get()).isEqualTo("shop");
        assertThat(vm.tags()).extracting(TagSummary::name).containsExactly("1.0-release", "1.1", "1.0");
        assertThat(vm.tags()).extracting(vm::kind).containsOnly("immutable");
        assertThat(vm.tags().get(1).createdBy()).isEqualTo("jdoe");
        assertThat(vm.statusProperty().get()).isEqualTo("3 tags in acme/shop");

        vm.showTeam("ops");
        vm.showArtifact("tools");
        assertThat(vm.artifacts()).contains("tools");
        assertThat(vm.tags()).singleElement().satisfies(tag -> {
            assertThat(tag.name()).isEqualTo("2.0-SNAPSHOT");
            assertThat(vm.kind(tag)).isEqualTo("snapshot");
            assertThat(tag.createdBy()).isEqualTo("kim");
        });
    }

    @Test
    void theTeamsMutableTagPatternsDecideTheKind() {
        ImagesViewModel vm = viewModel(false);
        vm.load();
        vm.showTeam("ops");
        vm.showArtifact("nightly");

        assertThat(vm.tags())
                .singleElement()
                .satisfies(tag -> assertThat(vm.kind(tag)).isEqualTo("snapshot"));
    }

    @Test
    void aTagsManifestConfigLayersReferrersAndPullCommands() {
        ImagesViewModel vm = viewModel(false);
        vm.load();
        TagSummary tag = find(vm, "1.0");
        vm.selectedProperty().set(tag);

        assertThat(dialogs.errors).isEmpty();
        TagDetails details = vm.detailsProperty().get();
        assertThat(details.manifest().digest()).isEqualTo(shop10);
        assertThat(details.manifest().isIndex()).isFalse();
        assertThat(details.manifest().layers())
                .singleElement()
                .satisfies(layer -> assertThat(layer.size()).isGreaterThan(40_000));
        assertThat(details.config().platform()).isEqualTo("linux/amd64");
        assertThat(details.config().command()).isEqualTo("/app/server --port=8080");
        assertThat(details.config().labels())
                .containsEntry("org.opencontainers.image.source", "https://github.com/acme/1.0");
        assertThat(details.referrers()).extracting(Referrer::kind).containsExactlyInAnyOrder("Signature", "SBOM");
        assertThat(vm.size(tag)).isEqualTo(details.size()).isGreaterThan(40_000L);
        assertThat(vm.digest(tag)).isEqualTo(shop10);
        String host = server.baseUrl().substring("http://".length());
        assertThat(vm.pullCommandProperty().get()).isEqualTo("docker pull " + host + "/acme/shop:1.0");
        assertThat(vm.pullByDigestProperty().get()).isEqualTo("docker pull " + host + "/acme/shop@" + shop10);

        vm.selectedProperty().set(find(vm, "1.1"));
        assertThat(vm.detailsProperty().get().manifest().digest()).isEqualTo(shop11);
        assertThat(vm.detailsProperty().get().referrers()).isEmpty();
        assertThat(vm.detailsProperty().get().scmSource()).isNull();
    }

    @Test
    void aTagPushedWithItsScmSourceShowsIt() {
        ImagesViewModel vm = viewModel(false);
        vm.load();
        vm.selectedProperty().set(find(vm, "1.0-release"));

        ScmSource scm = vm.detailsProperty().get().scmSource();
        assertThat(scm.url()).isEqualTo("https://github.com/acme/shop");
        assertThat(scm.author()).isEqualTo("jdoe");
        assertThat(scm.summary()).isEqualTo("https://github.com/acme/shop @ 0123456789ab");
    }

    @Test
    void anIndexShowsItsPlatforms() {
        ImagesViewModel vm = viewModel(false);
        vm.load();
        vm.showArtifact("workers");
        vm.selectedProperty().set(find(vm, "3.0"));

        ManifestDetails index = vm.detailsProperty().get().manifest();
        assertThat(index.digest()).isEqualTo(workers);
        assertThat(index.isIndex()).isTrue();
        assertThat(index.manifests()).extracting(Descriptor::platform).containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(vm.detailsProperty().get().config())
                .as("an index has no config")
                .isNull();
    }

    @Test
    void storagePerTeam() {
        ImagesViewModel vm = viewModel(false);
        vm.load();

        assertThat(vm.storage()).extracting(TeamStorage::team).containsExactly("acme", "ops");
        TeamStorage acme = vm.storage().get(0);
        assertThat(acme.artifacts()).isEqualTo(2);
        assertThat(acme.tags()).isEqualTo(4);
        // bytes when the server reports them (Pier One's B.6 has no storage per team: then the chart shows tags)
        if (acme.storage() != null) {
            assertThat(acme.storage())
                    .as("the layers of acme's images at least")
                    .isGreaterThan(90_000L);
        }
    }

    @Test
    void anAdminTakesDownAnImageAfterGivingTheReasonAndTheServerAuditsIt() {
        ImagesViewModel vm = viewModel(true);
        vm.load();
        vm.showTeam("ops");
        vm.showArtifact("leak");
        vm.selectedProperty().set(find(vm, "0.9"));
        assertThat(vm.canTakeDown()).isTrue();

        vm.takeDown(); // the dialog cancelled: nothing happens
        assertThat(dialogs.questions).singleElement().asString().startsWith("Take down ops/leak@" + leak + "?");
        assertThat(new ImagesClient(server.adminTransport()).tags("ops", "leak"))
                .hasSize(1);

        dialogs.givingReason("  Court order 2026-114  ");
        vm.takeDown();
        assertThat(dialogs.errors).isEmpty();
        assertThat(dialogs.notifications).containsExactly("Took down ops/leak@" + leak);
        assertThat(new ImagesClient(server.adminTransport()).tags("ops", "leak"))
                .isEmpty();
        assertThat(vm.artifacts())
                .as("a repository without tags leaves the list")
                .doesNotContain("leak");
        assertThat(vm.tags()).extracting(TagSummary::name).doesNotContain("0.9");
        assertThat(server.adminTransport()
                        .get(
                                "/api/audit",
                                Map.of("target", "image:ops/leak@" + leak),
                                new com.fasterxml.jackson.core.type.TypeReference<
                                        com.fasterxml.jackson.databind.JsonNode>() {})
                        .toString())
                .contains("Court order 2026-114");
    }

    @Test
    void theServersRefusalOfATakedownIsShownWithItsMessage() {
        io.keyport.desktop.kio.KioClient kio = new io.keyport.desktop.kio.KioClient(server.adminTransport());
        kio.saveApplication(
                "tools",
                new io.keyport.desktop.kio.ApplicationDraft("ops", true, "Tools", null, null, null, null, null, 1));
        kio.saveVersion("tools", "2.0", "docker://" + server.baseUrl().substring(7) + "/ops/tools:2.0-SNAPSHOT", null);
        ImagesViewModel vm = viewModel(true);
        vm.load();
        vm.showTeam("ops");
        vm.showArtifact("tools");
        vm.selectedProperty().set(find(vm, "2.0-SNAPSHOT"));
        dialogs.givingReason("Licence dispute");

        vm.takeDown();

        assertThat(dialogs.errors).singleElement().satisfies(error -> {
            assertThat(error.action()).startsWith("Taking down ops/tools@sha256:");
            assertThat(((io.keyport.desktop.service.BackendException) error.error()).status())
                    .isEqualTo(409);
        });
        assertThat(vm.statusProperty().get()).endsWith(" failed");
        assertThat(vm.tags()).extracting(TagSummary::name).containsExactly("2.0-SNAPSHOT");
    }

    @Test
    void othersCannotTakeDown() {
        assertThat(viewModel(false).canTakeDown()).isFalse();
        assertThat(new ImagesViewModel(
                                new ImagesClient(server.adminTransport()),
                                null,
                                new DirectTaskExecutor(),
                                dialogs,
                                new SignedInUser(server.baseUrl(), "admin", "/employees", true, Set.of()))
                        .canTakeDown())
                .as("not while the server offers no takedown")
                .isFalse();
    }

    @Test
    void theRegistryHostAsImageReferencesNameIt() {
        assertThat(ImagesViewModel.registryHost("http://127.0.0.1:8080")).isEqualTo("127.0.0.1:8080");
        assertThat(ImagesViewModel.registryHost("https://registry.example.org")).isEqualTo("registry.example.org");
        assertThat(ImagesViewModel.registryHost("https://registry.example.org:8443/"))
                .isEqualTo("registry.example.org:8443");
        assertThat(ImagesViewModel.registryHost("http://keyport.internal")).isEqualTo("keyport.internal:80");
        assertThat(ImagesViewModel.matchesAny("1.0-SNAPSHOT", ImagesViewModel.DEFAULT_MUTABLE))
                .isTrue();
        assertThat(ImagesViewModel.matchesAny("1.0-SNAPSHOT-2", ImagesViewModel.DEFAULT_MUTABLE))
                .isFalse();
        assertThat(ImagesViewModel.matchesAny("dev-42", List.of("dev-*", "*-SNAPSHOT")))
                .isTrue();
    }

    private static TagSummary find(ImagesViewModel vm, String name) {
        return vm.tags().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
