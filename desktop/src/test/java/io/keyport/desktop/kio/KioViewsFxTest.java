package io.keyport.desktop.kio;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.applications.ApplicationsFeature;
import io.keyport.desktop.approvals.ApprovalsFeature;
import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.dashboard.DashboardFeature;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.kio.InboxItem;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.SearchableComboBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Applications, Approvals and Dashboard views driven through their controls (headless Monocle)
 * against a real server: create an application; create a version as one person, see four-eyes
 * stop them, approve it as two others (one type each) and watch it turn approved; the dashboard.
 * Each view is saved as a screenshot, light and dark, into {@code docs/images/}.
 */
@ExtendWith(ApplicationExtension.class)
class KioViewsFxTest {

    private static final int NO_PAUSE = 0;

    static LiveServer server;
    static KioFixture fixture;
    static Transport alice;
    static Transport bob;
    static Transport carol;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private Stage stage;

    @BeforeAll
    static void startServer() {
        server = LiveServer.start();
        fixture = new KioFixture(server).team("payments").team("platform").team("web");
        alice = fixture.person("alice", "payments");
        bob = fixture.person("bob", "payments");
        carol = fixture.person("carol", "payments");
        Transport dan = fixture.person("dan", "platform");
        Transport erin = fixture.person("erin", "platform");
        seed(new KioClient(alice), new KioClient(bob), new KioClient(dan), new KioClient(erin));
    }

    /** A registry with some history, so that the views and charts show what they are for. */
    private static void seed(KioClient alice, KioClient bob, KioClient dan, KioClient erin) {
        alice.saveApplication(
                "billing",
                new ApplicationDraft(
                        "payments",
                        true,
                        "Billing",
                        "Invoices and dunning",
                        "Creates invoices, runs dunning.",
                        "https://billing.example.org",
                        "https://git.example.org/pay/billing",
                        "payments-oncall@example.org",
                        2));
        alice.saveApplication(
                "ledger",
                new ApplicationDraft("payments", true, "Ledger", "General ledger", null, null, null, null, 1));
        alice.saveApplication(
                "legacy-fx",
                new ApplicationDraft("payments", false, "Legacy FX rates", null, null, null, null, null, 3));
        dan.saveApplication(
                "pager", new ApplicationDraft("platform", true, "Pager", "On-call paging", null, null, null, null, 2));
        dan.saveApplication(
                "metrics",
                new ApplicationDraft("platform", true, "Metrics", "Prometheus federation", null, null, null, null, 3));
        new KioClient(fixture.admin())
                .saveApplication(
                        "storefront", new ApplicationDraft("web", true, "Storefront", null, null, null, null, null, 2));
        for (String app : List.of("billing", "ledger", "pager", "metrics")) {
            fixture.policy(app, List.of("TEST", "DEPLOY"), 1);
        }
        alice.saveVersion("ledger", "3.1.0", "docker://registry.example.org/payments/ledger:3.1.0", "Faster close");
        bob.approve("ledger", "3.1.0", "TEST", "suite green");
        bob.approve("ledger", "3.1.0", "DEPLOY", null);
        alice.saveVersion("ledger", "3.2.0", "docker://registry.example.org/payments/ledger:3.2.0", null);
        dan.saveVersion("pager", "7.0", "docker://registry.example.org/platform/pager:7.0", null);
        erin.approve("pager", "7.0", "TEST", null);
        erin.approve("pager", "7.0", "DEPLOY", null);
        dan.saveVersion("metrics", "2.4.1", "docker://registry.example.org/platform/metrics:2.4.1", null);
        erin.saveVersion("pager", "7.1", "docker://registry.example.org/platform/pager:7.1", null);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void show(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    private Feature mount(
            FxRobot robot,
            String uid,
            Transport transport,
            java.util.function.Function<FeatureContext, Feature> factory) {
        FeatureContext ctx = new FeatureContext(fixture.signedIn(uid, false, "payments"), transport, dialogs, executor);
        Feature feature = factory.apply(ctx);
        robot.interact(() -> {
            Theme.LIGHT.apply();
            stage.getScene().setRoot(new StackPane(feature.view()));
        });
        return feature;
    }

    @Test
    void createAnApplicationWithInlineValidation(FxRobot robot) throws TimeoutException {
        mount(robot, "alice", alice, ApplicationsFeature::create);
        waitFor(() -> text(robot, "#appStatus").endsWith("applications"));

        robot.clickOn("#newApp");
        robot.clickOn("#formId").write("Payouts", NO_PAUSE);
        assertThat(robot.lookup("#formIdError").queryLabeled().isVisible()).isTrue();
        assertThat(text(robot, "#formIdError")).startsWith("Lower-case letters, digits and '-'");
        assertThat(robot.lookup("#formSave").queryButton().isDisabled()).isTrue();

        robot.eraseText("Payouts".length()).write("payouts", NO_PAUSE);
        assertThat(robot.lookup("#formIdError").queryLabeled().isVisible()).isFalse();
        // the team picker is searchable: typing part of a team's id narrows the list, Enter picks it
        assertThat(robot.lookup("#formTeam").queryAs(Node.class)).isInstanceOf(SearchableComboBox.class);
        assertThat(robot.lookup("#formTeamError").queryLabeled().isVisible()).isTrue();
        robot.clickOn("#formTeam");
        waitFor(() -> robot.lookup("#formTeam #search")
                .tryQuery()
                .map(Node::isFocused)
                .orElse(false));
        robot.write("p", NO_PAUSE);
        waitFor(() -> shownTeams(robot).equals(List.of("payments", "platform")));
        robot.write("aym", NO_PAUSE);
        waitFor(() -> shownTeams(robot).equals(List.of("payments")));
        robot.type(KeyCode.ENTER);
        waitFor(() ->
                "payments".equals(robot.lookup("#formTeam").queryComboBox().getValue()));
        assertThat(robot.lookup("#formTeamError").queryLabeled().isVisible()).isFalse();
        robot.clickOn("#formName").write("Payouts", NO_PAUSE);
        choose(robot, "#formCriticality", 1);
        robot.clickOn("#formSubtitle").write("Pays merchants out", NO_PAUSE);
        assertThat(robot.lookup("#formSave").queryButton().isDisabled()).isFalse();
        screenshots(robot, "application-form");
        robot.clickOn("#formSave");

        waitFor(() -> rows(robot, "#appTable").stream()
                .anyMatch(a -> ((io.keyport.desktop.kio.ApplicationRow) a).id().equals("payouts")));
        waitFor(() -> text(robot, "#detail-id").equals("payouts"));
        assertThat(text(robot, "#detail-team")).isEqualTo("payments");
        assertThat(new KioClient(alice).application("payouts").teamId()).isEqualTo("payments");
        waitFor(() -> text(robot, "#detail-policy").endsWith("from 1 person; four-eyes"));
        assertThat(new KioClient(alice).application("payouts").subtitle()).isEqualTo("Pays merchants out");
        assertThat(dialogs.errors).isEmpty();
        assertThat(dialogs.notifications).contains("Created payouts");

        robot.clickOn("#appSearch").write("ledg", NO_PAUSE);
        waitFor(() -> rows(robot, "#appTable").size() == 1);
        robot.eraseText(4);
        waitFor(() -> rows(robot, "#appTable").size() >= 7);
        clickCell(robot, "#appTable", "billing");
        waitFor(() -> text(robot, "#detail-id").equals("billing"));
        screenshots(robot, "applications");
    }

    @Test
    void aVersionCreatedByOneIsApprovedByTwoOthersAndFourEyesStopsItsAuthor(FxRobot robot) throws TimeoutException {
        new KioClient(alice)
                .saveApplication(
                        "checkout",
                        new ApplicationDraft(
                                "payments", true, "Checkout", "Card and wallet checkout", null, null, null, null, 2));
        fixture.policy("checkout", List.of("TEST", "DEPLOY"), 2);

        // alice creates version 1.0 in the Versions tab of the application
        mount(robot, "alice", alice, ApplicationsFeature::create);
        waitFor(() -> !rows(robot, "#appTable").isEmpty());
        clickCell(robot, "#appTable", "checkout");
        waitFor(() -> text(robot, "#detail-id").equals("checkout")); // its full record loaded
        robot.clickOn(robot.lookup(".tab-label")
                .match(LabeledMatchers.hasText("Versions"))
                .queryAs(Node.class));
        robot.clickOn("#newVersionId").write("1.0", NO_PAUSE);
        robot.clickOn("#newArtifact").write("docker://registry.example.org/payments/checkout:1.0", NO_PAUSE);
        robot.clickOn("#newNotes").write("Wallet payments", NO_PAUSE);
        robot.clickOn("#createVersion");
        waitFor(() -> text(robot, "#versionStatus").startsWith("Pending"));
        assertThat(text(robot, "#versionStatus")).isEqualTo("Pending: needs TEST, DEPLOY and 2 more approvers");
        // four-eyes, shown before anything is sent
        assertThat(robot.lookup("#fourEyes").queryLabeled().isVisible()).isTrue();
        assertThat(text(robot, "#fourEyes"))
                .isEqualTo("You created or last changed this version; someone else must approve it.");
        assertThat(robot.lookup("#approve").queryButton().isDisabled()).isTrue();
        assertThat(shownValue(robot, "#teamFilter"))
                .as("the team filter shows its value after the team list loaded")
                .isEqualTo("All teams");
        screenshots(robot, "versions");

        // bob approves TEST from his inbox
        mount(robot, "bob", bob, ApprovalsFeature::create);
        waitFor(() -> rows(robot, "#inboxTable").stream()
                .anyMatch(i -> ((InboxItem) i).applicationId().equals("checkout")));
        clickCell(robot, "#inboxTable", "checkout (payments)");
        waitFor(() -> text(robot, "#versionStatus").startsWith("Pending"));
        assertThat(robot.lookup("#fourEyes").queryLabeled().isVisible()).isFalse();
        choose(robot, "#approvalType", "TEST");
        robot.clickOn("#approvalNotes").write("integration suite green", NO_PAUSE);
        robot.clickOn("#approve");
        waitFor(() -> text(robot, "#versionStatus").equals("Pending: needs DEPLOY and 1 more approver"));
        waitFor(() -> rows(robot, "#approvalHistory").size() == 1);
        screenshots(robot, "approvals");

        // carol approves DEPLOY; the version turns approved
        mount(robot, "carol", carol, ApprovalsFeature::create);
        waitFor(() -> rows(robot, "#inboxTable").stream()
                .anyMatch(i -> ((InboxItem) i).applicationId().equals("checkout")));
        clickCell(robot, "#inboxTable", "checkout (payments)");
        waitFor(() -> text(robot, "#versionStatus").startsWith("Pending"));
        choose(robot, "#approvalType", "DEPLOY");
        robot.clickOn("#approve");
        waitFor(() -> text(robot, "#versionStatus").startsWith("Approved"));
        waitFor(() -> rows(robot, "#approvalHistory").size() == 2);
        assertThat(robot.lookup("#approve").queryButton().isDisabled()).isTrue();
        assertThat(dialogs.errors).isEmpty();
        assertThat(new KioClient(alice).version("checkout", "1.0").approvalStatus())
                .isEqualTo("approved");
    }

    @Test
    void theDashboardShowsWhatWaitsMyActivityAndTheCharts(FxRobot robot) throws TimeoutException {
        mount(robot, "bob", bob, DashboardFeature::create);
        waitFor(() -> !text(robot, "#waitingCount").equals("…"));
        assertThat(Integer.parseInt(text(robot, "#waitingCount"))).isGreaterThanOrEqualTo(1);
        waitFor(() -> !robot.lookup("#activity").queryListView().getItems().isEmpty());
        assertThat(robot.lookup("#dashboardInbox").queryListView().getItems()).isNotEmpty();
        waitFor(() -> !robot.lookup("#versionsPerDayChart")
                .queryAs(javafx.scene.chart.BarChart.class)
                .getData()
                .isEmpty());
        assertThat(dialogs.errors).isEmpty();
        screenshots(robot, "dashboard");
    }

    // --- helpers

    private static void waitFor(Supplier<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition::get);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The text of a label; empty while it is not (yet) in the scene. */
    private static String text(FxRobot robot, String id) {
        return robot.lookup(id)
                .tryQuery()
                .map(n -> ((Labeled) n).getText())
                .map(t -> t == null ? "" : t)
                .orElse("");
    }

    /** The rows of a table; empty while it is not (yet) in the scene. */
    private static List<?> rows(FxRobot robot, String id) {
        return robot.lookup(id)
                .tryQuery()
                .map(n -> List.copyOf(((TableView<?>) n).getItems()))
                .orElse(List.of());
    }

    private static void clickCell(FxRobot robot, String table, String text) {
        Node cell = robot.from(robot.lookup(table).queryAs(Node.class))
                .lookup(".table-cell")
                .match(LabeledMatchers.hasText(text))
                .queryAs(Node.class);
        robot.clickOn(cell);
    }

    /**
     * What a combo box shows on its button (not its value: a blank button is the defect): the text
     * of the list cell that is the combo box's own child.
     */
    private static String shownValue(FxRobot robot, String id) {
        Node combo = robot.lookup(id).queryAs(Node.class);
        return robot.from(combo).lookup(".list-cell").queryAll().stream()
                .filter(n -> n.getParent() == combo)
                .map(n -> ((Labeled) n).getText())
                .findFirst()
                .orElse("");
    }

    /** The teams the searchable team picker lists for what has been typed into its search field. */
    private static List<?> shownTeams(FxRobot robot) {
        return robot.lookup("#formTeam #filtered")
                .tryQuery()
                .map(n -> List.copyOf(((ComboBox<?>) n).getItems()))
                .orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    private static <T> void choose(FxRobot robot, String id, T value) {
        ComboBox<T> combo = robot.lookup(id).queryAs(ComboBox.class);
        robot.interact(() -> combo.setValue(value));
    }

    /** Saves the window as {@code docs/images/NAME-light.png} and {@code NAME-dark.png}. */
    private void screenshots(FxRobot robot, String name) {
        Screenshots.saveLightAndDark(stage.getScene(), name, Theme.LIGHT);
    }
}
