package io.keyport.desktop.applications;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.kio.ApplicationDraft;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.kio.KioFixture;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create and edit with the server's rules checked as the user types, without the JavaFX thread. */
class ApplicationFormViewModelTest {

    static LiveServer server;
    static KioClient ana;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        KioFixture fixture = new KioFixture(server).team("pay").team("ops");
        ana = new KioClient(fixture.person("ana", "pay"));
        ana.saveApplication("billing", new ApplicationDraft("pay", true, "Billing", null, null, null, null, null, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theIdRuleIsCheckedAsTheUserTypes() {
        ApplicationFormViewModel form =
                new ApplicationFormViewModel(ana, new RecordingDialogs(), new DirectTaskExecutor(), null);
        assertThat(form.idErrorProperty().get()).isEqualTo("An id is required");
        for (String bad : List.of("Billing", "1billing", "billing-", "bill_ing", "b", "a".repeat(65))) {
            form.idProperty().set(bad);
            assertThat(form.idErrorProperty().get()).as(bad).isNotNull();
        }
        for (String good : List.of("billing", "billing-2", "b2", "a".repeat(64))) {
            form.idProperty().set(good);
            assertThat(form.idErrorProperty().get()).as(good).isNull();
        }
        assertThat(form.validProperty().get()).as("team and name still missing").isFalse();
        assertThat(form.teamErrorProperty().get()).isEqualTo("Choose the owning team");
        form.teamProperty().set("pay");
        form.nameProperty().set("Payouts");
        assertThat(form.validProperty().get()).isTrue();
        form.criticalityProperty().set(5);
        assertThat(form.textErrorProperty().get()).isEqualTo("Criticality is 1 to 4");
        assertThat(form.validProperty().get()).isFalse();
        form.criticalityProperty().set(null);
        form.nameProperty().set("n".repeat(256));
        assertThat(form.nameErrorProperty().get()).isEqualTo("At most 255 characters");
    }

    @Test
    void createSavesAndRefusesToOverwriteAnExistingApplication() {
        RecordingDialogs dialogs = new RecordingDialogs();
        List<String> saved = new ArrayList<>();
        ApplicationFormViewModel form = new ApplicationFormViewModel(ana, dialogs, new DirectTaskExecutor(), null);
        form.idProperty().set("payouts");
        form.teamProperty().set("pay");
        form.nameProperty().set("Payouts");
        form.criticalityProperty().set(1);
        form.save(saved::add);
        assertThat(saved).containsExactly("payouts");
        assertThat(ana.application("payouts").requiredApprovers()).isEqualTo(1);

        ApplicationFormViewModel again = new ApplicationFormViewModel(ana, dialogs, new DirectTaskExecutor(), null);
        again.idProperty().set("billing");
        again.teamProperty().set("pay");
        again.nameProperty().set("Someone else's billing");
        again.save(saved::add);
        assertThat(saved).containsExactly("payouts");
        assertThat(dialogs.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.error().getMessage())
                        .isEqualTo("An application with id billing already exists; edit it instead."));
        assertThat(ana.application("billing").name()).isEqualTo("Billing");
    }

    @Test
    void editKeepsTheIdAndTheServersRefusalIsShown() {
        RecordingDialogs dialogs = new RecordingDialogs();
        ApplicationFormViewModel edit =
                new ApplicationFormViewModel(ana, dialogs, new DirectTaskExecutor(), ana.application("billing"));
        assertThat(edit.creating()).isFalse();
        assertThat(edit.idProperty().get()).isEqualTo("billing");
        edit.subtitleProperty().set("Invoices");
        List<String> saved = new ArrayList<>();
        edit.save(saved::add);
        assertThat(saved).containsExactly("billing");
        assertThat(ana.application("billing").subtitle()).isEqualTo("Invoices");

        edit.teamProperty().set("no-such-team");
        edit.save(saved::add);
        assertThat(dialogs.errors).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("Save application billing");
            assertThat(e.error().getMessage()).isEqualTo("Team no-such-team does not exist.");
        });
    }
}
