package io.keyport.desktop.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApprovalPolicy;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Policies tab's logic on the test thread, against a real server with two applications. */
class PoliciesViewModelTest {

    private static LiveServer server;
    private static PolicyClient policies;
    private static IdentityClient identity;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private PoliciesViewModel vm;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        Transport admin = server.adminTransport();
        identity = new IdentityClient(admin);
        policies = new PolicyClient(admin);
        identity.putTeam("payments", "Payments");
        admin.put(
                "/apps/billing",
                Map.of("team_id", "payments", "name", "Billing", "active", true, "criticality_level", 2),
                new TypeReference<Object>() {});
        admin.put(
                "/apps/ledger",
                Map.of("team_id", "payments", "name", "Ledger", "active", true, "criticality_level", 1),
                new TypeReference<Object>() {});
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void load() {
        vm = new PoliciesViewModel(policies, identity, new DirectTaskExecutor(), dialogs);
        vm.reload();
    }

    @Test
    void showsTheDefaultPolicyOfTheSelectedApplication() {
        select("ledger");

        assertThat(vm.approvalTypesProperty().get()).isEqualTo("SPECIFICATION, CODE_CHANGE, TEST, DEPLOY");
        assertThat(vm.requiredApproversProperty().get()).isEmpty();
        assertThat(vm.fourEyesProperty().get()).isTrue();
        assertThat(vm.effectiveProperty().get()).isEqualTo("Default for its criticality: 1 distinct approver");
        assertThat(vm.scopesProperty().get()).isEmpty();
    }

    @Test
    void savesAPolicy() {
        select("billing");
        vm.approvalTypesProperty().set("code_change TEST,  DEPLOY");
        vm.requiredApproversProperty().set("3");
        vm.fourEyesProperty().set(false);

        vm.savePolicy();

        assertThat(dialogs.errors).isEmpty();
        ApprovalPolicy stored = policies.policy("billing");
        assertThat(stored.approvalTypes()).containsExactly("CODE_CHANGE", "TEST", "DEPLOY");
        assertThat(stored.requiredApprovers()).isEqualTo(3);
        assertThat(stored.fourEyes()).isFalse();
        assertThat(vm.effectiveProperty().get()).isEqualTo("3 distinct approvers, set by an admin");
        assertThat(dialogs.notifications).containsExactly("Saved the approval policy of billing");
    }

    @Test
    void savesScopes() {
        select("ledger");
        vm.scopesProperty().set("application.write, application.write_all");

        vm.saveScopes();

        assertThat(identity.scopes("ledger")).containsExactlyInAnyOrder("application.write", "application.write_all");
        assertThat(vm.scopesProperty().get()).contains("application.write_all");
    }

    @Test
    void anUnknownScopeShowsTheServersMessage() {
        select("ledger");
        vm.scopesProperty().set("no.such.scope");

        vm.saveScopes();

        assertThat(dialogs.errors).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("Save the scopes of ledger");
            assertThat(e.error()).hasMessage("Unknown scope no.such.scope");
        });
    }

    @Test
    void invalidInputCannotBeSaved() {
        select("billing");

        vm.requiredApproversProperty().set("0");
        assertThat(vm.requiredApproversProblemProperty().get()).isNotNull();
        vm.requiredApproversProperty().set("two");
        assertThat(vm.canSavePolicyProperty().get()).isFalse();
        vm.requiredApproversProperty().set("");
        vm.approvalTypesProperty().set("TEST, SIGN/OFF");
        assertThat(vm.approvalTypesProblemProperty().get()).contains("SIGN/OFF");
        assertThat(vm.canSavePolicyProperty().get()).isFalse();
        vm.approvalTypesProperty().set("TEST");
        assertThat(vm.canSavePolicyProperty().get()).isTrue();
    }

    @Test
    void searchNarrowsTheApplications() {
        assertThat(vm.applications()).extracting(Application::id).containsExactly("billing", "ledger");

        vm.searchProperty().set("ledg");

        assertThat(vm.applications()).extracting(Application::id).containsExactly("ledger");
    }

    private void select(String id) {
        vm.selectedProperty()
                .set(vm.applications().stream()
                        .filter(a -> a.id().equals(id))
                        .findFirst()
                        .orElseThrow());
    }
}
