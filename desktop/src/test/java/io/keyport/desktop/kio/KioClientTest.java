package io.keyport.desktop.kio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.model.identity.ClientCredentials;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.InboxItem;
import io.keyport.model.kio.KioStatistics;
import io.keyport.model.kio.Version;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KioClient} against a real server: every call the console's Kio views make. */
class KioClientTest {

    static LiveServer server;
    static KioFixture fixture;
    static KioClient admin;
    static KioClient ana;
    static KioClient ben;
    static KioClient cid;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        fixture = new KioFixture(server).team("pay").team("ops");
        admin = new KioClient(fixture.admin());
        ana = new KioClient(fixture.person("ana", "pay"));
        ben = new KioClient(fixture.person("ben", "pay"));
        cid = new KioClient(fixture.person("cid", "pay"));
        ana.saveApplication(
                "billing",
                new ApplicationDraft("pay", true, "Billing", "Invoices and dunning", null, null, null, null, 2));
        ana.saveApplication("ledger", new ApplicationDraft("pay", false, "Ledger", null, null, null, null, null, 1));
        admin.saveApplication("pager", new ApplicationDraft("ops", true, "Pager", null, null, null, null, null, 3));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void applicationsAreFilteredByTheServer() {
        assertThat(ids(ana.applications(null, null, null))).containsExactlyInAnyOrder("billing", "ledger", "pager");
        assertThat(ids(ana.applications("", "pay", null))).containsExactlyInAnyOrder("billing", "ledger");
        assertThat(ids(ana.applications(null, "pay", true))).containsExactly("billing");
        assertThat(ids(ana.applications(null, null, false))).containsExactly("ledger");
        assertThat(ids(ana.applications("invoices", null, null))).containsExactly("billing");
        assertThat(ana.teams()).extracting("id").contains("pay", "ops");
    }

    @Test
    void anApplicationReadsBackWithItsRequiredApproversAndAPartialUpdateKeepsTheRest() {
        Application billing = ana.application("billing");
        assertThat(billing.name()).isEqualTo("Billing");
        assertThat(billing.requiredApprovers()).isEqualTo(2);
        ana.saveApplication(
                "ledger", new ApplicationDraft(null, null, null, "General ledger", "", null, null, null, null));
        Application ledger = ana.application("ledger");
        assertThat(ledger.subtitle()).isEqualTo("General ledger");
        assertThat(ledger.name()).as("kept").isEqualTo("Ledger");
        assertThat(ledger.criticalityLevel()).as("kept").isEqualTo(1);
    }

    @Test
    void refusalsCarryTheServersMessage() {
        assertThatThrownBy(() -> ana.saveApplication(
                        "Bad_Id", new ApplicationDraft("pay", true, "x", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Invalid application id");
                });
        assertThatThrownBy(() -> ana.saveApplication(
                        "pager", new ApplicationDraft(null, null, "Mine now", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> ana.application("absent"))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aVersionCollectsItsApprovalsAndFourEyesRefusesItsAuthor() {
        ana.saveApplication("payout", new ApplicationDraft("pay", true, "Payout", null, null, null, null, null, 2));
        fixture.policy("payout", List.of("TEST", "DEPLOY"), 2);
        ana.saveVersion("payout", "1.0.0", "docker://registry/pay/payout:1.0.0", "first");

        Version created = ana.version("payout", "1.0.0");
        assertThat(created.approvalStatus()).isEqualTo(Version.PENDING);
        assertThat(created.missingApprovalTypes()).containsExactly("TEST", "DEPLOY");
        assertThat(created.createdBy()).isEqualTo("ana");

        assertThatThrownBy(() -> ana.approve("payout", "1.0.0", "TEST", null))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("four-eyes");
                });
        assertThat(ids(ben.inbox())).contains("payout/1.0.0");
        assertThat(ids(ana.inbox())).doesNotContain("payout/1.0.0");

        Approval test = ben.approve("payout", "1.0.0", "test", "suite green");
        assertThat(test.approvalType()).isEqualTo("TEST");
        assertThat(ben.version("payout", "1.0.0").missingApprovers()).isEqualTo(1);
        cid.approve("payout", "1.0.0", "DEPLOY", null);

        Version approved = cid.version("payout", "1.0.0");
        assertThat(approved.approvalStatus()).isEqualTo(Version.APPROVED);
        assertThat(approved.approvedAt()).isNotNull();
        assertThat(ana.approvals("payout", "1.0.0"))
                .extracting(Approval::userId, Approval::approvalType, Approval::notes)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ben", "TEST", "suite green"),
                        org.assertj.core.groups.Tuple.tuple("cid", "DEPLOY", null));
        assertThat(ana.versions("payout")).extracting(Version::id).containsExactly("1.0.0");
        assertThat(ids(ben.inbox())).doesNotContain("payout/1.0.0");

        KioStatistics stats = ben.statistics(7);
        assertThat(stats.versionsPerDay()).hasSize(7);
        assertThat(stats.versionsPerDay().get(6).count()).isGreaterThanOrEqualTo(1);
        assertThat(stats.leadTimeByTeam())
                .extracting(KioStatistics.TeamLeadTime::teamId)
                .contains("pay");
        assertThat(stats.myActivity())
                .extracting(KioStatistics.Activity::action)
                .contains("version.approve");
        assertThat(ana.policy("payout").approvalTypes()).containsExactly("TEST", "DEPLOY");
    }

    @Test
    void credentialsAreCreatedListedAndRevokedAndScopesSetByAnAdmin() {
        ClientCredentials credential = ana.createCredential("billing");
        assertThat(credential.clientSecret()).isNotBlank();
        assertThat(ana.credentials("billing")).extracting("clientId").contains(credential.clientId());
        ana.revokeCredential("billing", credential.clientId());
        assertThat(ana.credentials("billing"))
                .filteredOn(c -> c.clientId().equals(credential.clientId()))
                .allSatisfy(c -> assertThat(c.revokedAt()).isNotNull());

        assertThat(admin.saveScopes("billing", List.of("application.write"))).containsExactly("application.write");
        assertThat(ana.scopes("billing")).containsExactly("application.write");
        assertThatThrownBy(() -> ana.saveScopes("billing", List.of("application.write_all")))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    private static List<String> ids(List<?> rows) {
        return rows.stream()
                .map(r -> r instanceof Application a
                        ? a.id()
                        : ((InboxItem) r).applicationId() + "/" + ((InboxItem) r).versionId())
                .toList();
    }
}
