package io.keyport.desktop.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.kio.ApplicationDraft;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.kio.KioFixture;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.MovableClock;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Versions, the inbox and approving, on the test thread against a real server. */
class VersionsViewModelTest {

    static LiveServer server;
    static KioFixture fixture;
    static KioClient ana;
    static KioClient ben;
    static KioClient cid;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        fixture = new KioFixture(server).team("pay");
        ana = new KioClient(fixture.person("ana", "pay"));
        ben = new KioClient(fixture.person("ben", "pay"));
        cid = new KioClient(fixture.person("cid", "pay"));
        ana.saveApplication("billing", new ApplicationDraft("pay", true, "Billing", null, null, null, null, null, 2));
        fixture.policy("billing", List.of("TEST", "DEPLOY"), 2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static VersionsViewModel versions(KioClient client, String uid, RecordingDialogs dialogs) {
        return new VersionsViewModel(client, dialogs, new DirectTaskExecutor(), fixture.signedIn(uid, false, "pay"));
    }

    @Test
    void statusReadsAtAGlance() {
        Version pending = new Version(
                "1.0",
                "billing",
                "docker://r/b:1",
                null,
                Instant.EPOCH,
                "ana",
                Instant.EPOCH,
                "ana",
                Version.PENDING,
                List.of("TEST", "DEPLOY"),
                1,
                null);
        assertThat(VersionsViewModel.statusOf(pending)).isEqualTo("Pending: needs TEST, DEPLOY and 1 more approver");
        Version onlyPeople = new Version(
                "1.0",
                "billing",
                "docker://r/b:1",
                null,
                Instant.EPOCH,
                "ana",
                Instant.EPOCH,
                "ana",
                Version.PENDING,
                List.of(),
                2,
                null);
        assertThat(VersionsViewModel.statusOf(onlyPeople)).isEqualTo("Pending: needs 2 more approvers");
        Version approved = new Version(
                "1.0",
                "billing",
                "docker://r/b:1",
                null,
                Instant.EPOCH,
                "ana",
                Instant.EPOCH,
                "ana",
                Version.APPROVED,
                List.of(),
                0,
                Instant.parse("2026-11-29T10:15:30Z"));
        assertThat(VersionsViewModel.statusOf(approved)).isEqualTo("Approved 2026-11-29 10:15 UTC");
    }

    @Test
    void theCreateFormChecksIdAndArtifact() {
        VersionsViewModel vm = versions(ana, "ana", new RecordingDialogs());
        vm.show(ana.application("billing"), null);
        assertThat(vm.newVersionErrorProperty().get()).isEqualTo("A version id is required");
        vm.newVersionIdProperty().set("1..0");
        assertThat(vm.newVersionErrorProperty().get()).startsWith("Letters and digits");
        vm.newVersionIdProperty().set("1.0-rc.1");
        assertThat(vm.newVersionErrorProperty().get()).startsWith("An artifact is required");
        vm.newArtifactProperty().set("registry/pay/billing:1.0");
        assertThat(vm.newVersionErrorProperty().get()).startsWith("The artifact is a reference");
        vm.newArtifactProperty().set("docker://registry/pay/billing:1.0-rc.1");
        assertThat(vm.canCreateProperty().get()).isTrue();
    }

    @Test
    void createdAsOnePersonApprovedByTwoOthersWithFourEyesShownToTheAuthor() {
        RecordingDialogs anaDialogs = new RecordingDialogs();
        VersionsViewModel author = versions(ana, "ana", anaDialogs);
        author.show(ana.application("billing"), null);
        assertThat(author.approvalTypes()).containsExactly("TEST", "DEPLOY");
        author.newVersionIdProperty().set("2.0");
        author.newArtifactProperty().set("docker://registry/pay/billing:2.0");
        author.newNotesProperty().set("SEPA");
        author.createVersion();
        assertThat(anaDialogs.errors).isEmpty();
        assertThat(author.selectedProperty().get().id()).isEqualTo("2.0");
        assertThat(author.statusTextProperty().get()).isEqualTo("Pending: needs TEST, DEPLOY and 2 more approvers");
        assertThat(author.fourEyesTextProperty().get()).isEqualTo(VersionsViewModel.FOUR_EYES);
        assertThat(author.canApproveProperty().get()).isFalse();
        author.approve();
        assertThat(anaDialogs.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.error().getMessage()).isEqualTo(VersionsViewModel.FOUR_EYES));

        RecordingDialogs benDialogs = new RecordingDialogs();
        MovableClock clock = new MovableClock(Instant.now());
        InboxViewModel inbox =
                new InboxViewModel(ben, benDialogs, new DirectTaskExecutor(), versions(ben, "ben", benDialogs), clock);
        inbox.reload();
        assertThat(inbox.statusProperty().get()).isEqualTo("1 version waits for your approval");
        clock.advance(Duration.ofHours(5));
        assertThat(inbox.waiting(inbox.items().getFirst()))
                .as("by the console's clock")
                .isEqualTo("5 h");
        clock.advance(Duration.ofDays(3));
        assertThat(inbox.waiting(inbox.items().getFirst())).isEqualTo("3 d");
        inbox.selectedProperty().set(inbox.items().getFirst());
        VersionsViewModel approver = inbox.versions();
        assertThat(approver.selectedProperty().get().id()).isEqualTo("2.0");
        assertThat(approver.fourEyesTextProperty().get()).isNull();
        approver.approvalTypeProperty().set("TEST");
        approver.approvalNotesProperty().set("suite green");
        approver.approve();
        assertThat(approver.statusTextProperty().get()).isEqualTo("Pending: needs DEPLOY and 1 more approver");
        assertThat(approver.history())
                .extracting(Approval::userId, Approval::notes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ben", "suite green"));
        approver.approve();
        assertThat(benDialogs.errors).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("Approve 2.0 for TEST");
            assertThat(e.error().getMessage()).isEqualTo("You have already approved 2.0 for TEST");
        });
        inbox.reload();
        assertThat(inbox.items())
                .as("ben already gave TEST; DEPLOY is left, so it still waits for him")
                .hasSize(1);

        VersionsViewModel third = versions(cid, "cid", new RecordingDialogs());
        third.show(cid.application("billing"), "2.0");
        third.approvalTypeProperty().set("DEPLOY");
        third.approve();
        assertThat(third.selectedProperty().get().approvalStatus()).isEqualTo(Version.APPROVED);
        assertThat(third.statusTextProperty().get()).startsWith("Approved ");
        assertThat(third.canApproveProperty().get()).isFalse();
        inbox.reload();
        assertThat(inbox.items()).isEmpty();
        assertThat(inbox.statusProperty().get()).isEqualTo("Nothing waits for your approval");
    }
}
