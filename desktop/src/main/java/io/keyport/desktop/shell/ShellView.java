package io.keyport.desktop.shell;

import atlantafx.base.theme.Styles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

/**
 * The window's frame once signed in: a header (title, disconnected banner, theme switch, help,
 * sign-out), the sidebar of features, the open feature (or the welcome page), the status bar
 * (server, user, connection, token lifetime) and the F1 overlay listing the shortcuts. Ids for
 * tests: {@code #sidebar}, {@code #content}, {@code #welcome}, {@code #disconnected},
 * {@code #statusServer}, {@code #statusUser}, {@code #statusConnection}, {@code #statusToken},
 * {@code #themeToggle}, {@code #helpButton}, {@code #signOut}, {@code #helpOverlay}.
 */
public final class ShellView extends StackPane {

    /** The shortcuts, as the help overlay lists them. */
    static final List<String[]> SHORTCUTS = List.of(
            new String[] {"Ctrl+1 … Ctrl+9", "Open the first … ninth feature of the sidebar"},
            new String[] {"F5", "Reload what the open feature shows"},
            new String[] {"Ctrl+L", "Sign out"},
            new String[] {"F1", "Show or hide this help"},
            new String[] {"Esc", "Close this help"});

    private final ShellViewModel viewModel;
    private final StackPane content = new StackPane();
    private final VBox help = helpOverlay();
    private final Map<Feature, Node> views = new HashMap<>();

    /** @param toggleTheme switches between light and dark (and remembers the choice) */
    public ShellView(ShellViewModel viewModel, Runnable toggleTheme) {
        this.viewModel = viewModel;
        BorderPane frame = new BorderPane();
        frame.setTop(header(toggleTheme));
        frame.setCenter(content);
        frame.setBottom(statusBar());
        content.setId("content");
        content.setPadding(new Insets(16));
        if (!viewModel.features().isEmpty()) {
            frame.setLeft(sidebar());
        }
        viewModel.selectedProperty().addListener((o, old, now) -> show(now));
        show(viewModel.selectedProperty().get());
        getChildren().addAll(frame, help);
        addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
    }

    /** Whether the help overlay is showing. */
    public boolean helpShowing() {
        return help.isVisible();
    }

    private Node header(Runnable toggleTheme) {
        Label title = new Label("Keyport");
        title.getStyleClass().add(Styles.TITLE_4);
        Label disconnected = new Label();
        disconnected.setId("disconnected");
        disconnected.getStyleClass().addAll(Styles.DANGER);
        disconnected.textProperty().bind(viewModel.bannerProperty());
        javafx.scene.control.Tooltip reason = new javafx.scene.control.Tooltip();
        reason.textProperty().bind(viewModel.connectionProperty());
        disconnected.setTooltip(reason);
        disconnected
                .visibleProperty()
                .bind(viewModel
                        .connectionStateProperty()
                        .isNotEqualTo(io.keyport.desktop.session.ConnectionState.CONNECTED));
        disconnected.managedProperty().bind(disconnected.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button theme = new Button("Light / dark");
        theme.setId("themeToggle");
        theme.setOnAction(event -> toggleTheme.run());
        Button helpButton = new Button("Shortcuts (F1)");
        helpButton.setId("helpButton");
        helpButton.setOnAction(event -> toggleHelp());
        Button signOut = new Button("Sign out");
        signOut.setId("signOut");
        signOut.setOnAction(event -> viewModel.signOut());
        for (Button b : List.of(theme, helpButton, signOut)) {
            b.getStyleClass().add(Styles.FLAT);
            b.setFocusTraversable(false);
        }
        for (javafx.scene.control.Control fixed : List.of(title, theme, helpButton, signOut)) {
            fixed.setMinWidth(Region.USE_PREF_SIZE); // the banner gives way, not these
        }
        HBox header = new HBox(12, title, disconnected, spacer, theme, helpButton, signOut);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 12, 8, 16));
        return new VBox(header, new Separator());
    }

    private Node sidebar() {
        ListView<Feature> list = new ListView<>(viewModel.features());
        list.setId("sidebar");
        list.setPrefWidth(200);
        list.getStyleClass().add(Styles.DENSE);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Feature feature, boolean empty) {
                super.updateItem(feature, empty);
                setText(empty || feature == null ? null : feature.title());
                setId(empty || feature == null ? null : "nav-" + feature.id());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> viewModel.select(now));
        viewModel
                .selectedProperty()
                .addListener((o, old, now) -> list.getSelectionModel().select(now));
        list.getSelectionModel().select(viewModel.selectedProperty().get());
        return list;
    }

    private Node statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.setText("");
        // ControlsFX's own status-bar colours are Modena lookups AtlantaFX does not define (a CSS
        // warning on every start); the theme's colours instead
        bar.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-default;"
                + " -fx-border-width: 1 0 0 0;");
        Label server = new Label(viewModel.server());
        server.setId("statusServer");
        Label user = new Label(viewModel.user().uid() + (viewModel.user().admin() ? " (admin)" : ""));
        user.setId("statusUser");
        Label connection = new Label();
        connection.setId("statusConnection");
        connection.textProperty().bind(viewModel.connectionProperty());
        connection.setMaxWidth(360);
        javafx.scene.control.Tooltip why = new javafx.scene.control.Tooltip();
        why.textProperty().bind(viewModel.connectionProperty());
        connection.setTooltip(why);
        viewModel.connectionStateProperty().addListener((o, old, now) -> styleConnection(connection));
        styleConnection(connection);
        Label token = new Label();
        token.setId("statusToken");
        token.textProperty().bind(viewModel.tokenLifetimeProperty());
        bar.getLeftItems().addAll(connection);
        bar.getRightItems()
                .addAll(
                        server,
                        new Separator(javafx.geometry.Orientation.VERTICAL),
                        user,
                        new Separator(javafx.geometry.Orientation.VERTICAL),
                        token);
        return bar;
    }

    private void styleConnection(Label connection) {
        boolean ok = viewModel.connectionStateProperty().get() == io.keyport.desktop.session.ConnectionState.CONNECTED;
        connection.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        connection.getStyleClass().add(ok ? Styles.SUCCESS : Styles.DANGER);
    }

    private void show(Feature feature) {
        Node view;
        if (feature == null) {
            view = welcome();
        } else {
            view = views.computeIfAbsent(feature, f -> {
                Node created = f.view();
                created.setId("feature-" + f.id());
                return created;
            });
        }
        content.getChildren().setAll(view);
    }

    private Node welcome() {
        Label title = new Label("Welcome, " + viewModel.user().uid());
        title.getStyleClass().add(Styles.TITLE_2);
        Label where = new Label(
                "Signed in to " + viewModel.server() + (viewModel.user().admin() ? " as an administrator." : "."));
        Label next = new Label(
                viewModel.features().isEmpty()
                        ? "This console has no feature views yet; the server's APIs are all available (see the README)."
                        : "Pick a feature on the left, or press Ctrl+1 … Ctrl+"
                                + Math.min(9, viewModel.features().size()) + ".");
        next.setWrapText(true);
        Label keys = new Label("Press F1 for the keyboard shortcuts.");
        keys.getStyleClass().add(Styles.TEXT_MUTED);
        VBox page = new VBox(12, title, where, next, keys);
        page.setId("welcome");
        page.setAlignment(Pos.TOP_LEFT);
        page.setPadding(new Insets(24));
        return page;
    }

    private VBox helpOverlay() {
        GridPane table = new GridPane();
        table.setHgap(24);
        table.setVgap(8);
        int row = 0;
        for (String[] shortcut : SHORTCUTS) {
            Label key = new Label(shortcut[0]);
            key.getStyleClass().add(Styles.TEXT_BOLD);
            table.addRow(row++, key, new Label(shortcut[1]));
        }
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add(Styles.TITLE_3);
        VBox card = new VBox(16, title, table);
        card.setPadding(new Insets(24));
        card.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        card.getStyleClass().add("help-card");
        card.setStyle("-fx-background-color: -color-bg-default; -fx-background-radius: 8;"
                + " -fx-border-color: -color-border-default; -fx-border-radius: 8;");
        VBox overlay = new VBox(card);
        overlay.setId("helpOverlay");
        overlay.setAlignment(Pos.CENTER);
        overlay.setStyle("-fx-background-color: rgba(0, 0, 0, 0.45);");
        overlay.setVisible(false);
        overlay.setOnMouseClicked(event -> overlay.setVisible(false));
        return overlay;
    }

    private void toggleHelp() {
        help.setVisible(!help.isVisible());
    }

    private static final KeyCombination SIGN_OUT = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);

    private void shortcut(KeyEvent event) {
        KeyCode code = event.getCode();
        if (code == KeyCode.F1) {
            toggleHelp();
        } else if (code == KeyCode.ESCAPE && help.isVisible()) {
            help.setVisible(false);
        } else if (code == KeyCode.F5) {
            viewModel.refresh();
        } else if (SIGN_OUT.match(event)) {
            viewModel.signOut();
        } else if (event.isShortcutDown() && code.isDigitKey() && code != KeyCode.DIGIT0 && code != KeyCode.NUMPAD0) {
            viewModel.selectNumber(Integer.parseInt(digit(code)));
        } else {
            return;
        }
        event.consume();
    }

    private static String digit(KeyCode code) {
        String name = code.getName(); // "1" for DIGIT1, "Numpad 1" for NUMPAD1
        return name.substring(name.length() - 1);
    }
}
