package io.keyport.desktop.firststart;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.shell.Forms;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;

/**
 * The first-start screen: the first admin's password, twice, with the rule shown and what is wrong
 * with the input said as it is typed. Ids: {@code #newPassword}, {@code #repeatPassword},
 * {@code #passwordProblem}, {@code #startServer}, {@code #firstStartStatus}.
 */
public final class FirstStartView extends GridPane {

    private final PasswordField password = new PasswordField();

    public FirstStartView(FirstStartViewModel viewModel, String dataDir) {
        PasswordField repeated = new PasswordField();
        Label problem = new Label();
        Label status = new Label();
        Button start = new Button("Create admin and sign in");
        ProgressIndicator working = new ProgressIndicator();
        password.setId("newPassword");
        repeated.setId("repeatPassword");
        problem.setId("passwordProblem");
        start.setId("startServer");
        status.setId("firstStartStatus");

        Label title = new Label("Welcome to Keyport");
        title.getStyleClass().add(Styles.TITLE_3);
        Label intro = new Label("This is the first start: the console runs its own server, with its data in " + dataDir
                + ". Choose the password of its first administrator, user admin.");
        intro.setWrapText(true);
        Label rule = new Label(FirstStartViewModel.RULE);
        rule.getStyleClass().add(Styles.TEXT_MUTED);
        rule.setWrapText(true);

        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        repeated.textProperty().bindBidirectional(viewModel.repeatedProperty());
        password.disableProperty().bind(viewModel.busyProperty());
        repeated.disableProperty().bind(viewModel.busyProperty());
        problem.textProperty().bind(viewModel.problemProperty());
        problem.getStyleClass().add(Styles.WARNING);
        problem.setWrapText(true);
        // say what is wrong only once the user has started typing
        problem.visibleProperty().bind(viewModel.passwordProperty().isNotEmpty());
        status.textProperty().bind(viewModel.statusProperty());
        status.setWrapText(true);
        start.disableProperty().bind(viewModel.canStartProperty().not());
        start.setDefaultButton(true);
        start.getStyleClass().add(Styles.ACCENT);
        start.setOnAction(event -> viewModel.start());
        working.visibleProperty().bind(viewModel.busyProperty());
        working.setPrefSize(24, 24);

        Forms.layOut(this);
        add(title, 0, 0, 2, 1);
        add(intro, 0, 1, 2, 1);
        addRow(2, new Label("User"), new Label("admin"));
        addRow(3, new Label("Password"), password);
        addRow(4, new Label("Again"), repeated);
        add(rule, 1, 5);
        add(problem, 1, 6);
        add(working, 0, 7);
        add(start, 1, 7);
        add(status, 0, 8, 2, 1);
        viewModel
                .offlineCeremony()
                .ifPresent(open -> add(
                        io.keyport.desktop.ceremonies.OfflineCeremony.choice(viewModel.busyProperty(), open),
                        0,
                        9,
                        2,
                        1));
        GridPane.setHalignment(start, HPos.RIGHT);
    }

    public void focusPassword() {
        password.requestFocus();
    }
}
