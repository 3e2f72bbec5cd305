package io.keyport.desktop.ceremonies;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.shell.Controls;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.desktop.tokens.TokenKind;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The ceremony wizard: a bootstrap tab (plan, online key), a signing event tab (pending metadata and
 * its trusted root) and a transcript tab; below them the key holder's step (source, key, attestation,
 * sign), and on the right what is being signed: the root summary, the changes against the trusted
 * root and the keys still missing. A red banner stays on while any key file is in play.
 */
final class CeremoniesView extends BorderPane {

    private final CeremoniesViewModel vm;

    CeremoniesView(CeremoniesViewModel vm) {
        this.vm = vm;
        vm.pins(new PinDialog());
        setPadding(new Insets(12));

        Label title = new Label("Key ceremonies");
        title.getStyleClass().add(Styles.TITLE_3);
        Label mode = new Label(vm.online() ? "online: signatures can be sent" : "OFFLINE: no network connection");
        mode.setId("ceremonyMode");
        mode.getStyleClass().add(vm.online() ? Styles.TEXT_MUTED : Styles.SUCCESS);
        Label warning = new Label("REHEARSAL ONLY: a key file is in use. Its private key exists as a file;"
                + " never use this ceremony for a production root.");
        warning.setId("ceremonyRehearsal");
        warning.setWrapText(true);
        warning.setStyle("-fx-background-color: #b00020; -fx-text-fill: white; -fx-font-weight: bold;"
                + " -fx-padding: 6 10 6 10;");
        warning.setMaxWidth(Double.MAX_VALUE);
        warning.visibleProperty().bind(vm.rehearsal());
        warning.managedProperty().bind(vm.rehearsal());
        VBox top = new VBox(6, new HBox(12, title, mode), warning);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);

        TabPane tabs = new TabPane(bootstrapTab(), signingTab(), transcriptTab());
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("ceremonyTabs");
        VBox center = new VBox(8, tabs, holderPane());
        VBox.setVgrow(tabs, Priority.NEVER);
        setCenter(center);

        setRight(progressPane());

        Label message = new Label();
        message.setId("ceremonyMessage");
        message.setWrapText(true);
        message.getStyleClass().add(Styles.SUCCESS);
        message.textProperty().bind(vm.message());
        Label error = new Label();
        error.setId("ceremonyError");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.error());
        VBox bottom = new VBox(4, message, error);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        setBottom(bottom);
    }

    private Tab bootstrapTab() {
        GridPane grid = grid();
        int row = 0;
        grid.addRow(
                row++,
                new Label("Ceremony file"),
                field("ceremonyFile", vm.ceremonyFile(), "/media/usb/bootstrap.json"));
        grid.addRow(
                row++,
                new Label("Online public key"),
                field("ceremonyInput", vm.inputFile(), "/media/usb/online-key.json (GET /api/v1/keys/online)"));
        grid.addRow(
                row++,
                new Label("Expiration (days)"),
                new HBox(
                        6,
                        new Label("root"),
                        number("daysRoot", vm.rootDays()),
                        new Label("targets"),
                        number("daysTargets", vm.targetsDays()),
                        new Label("snapshot"),
                        number("daysSnapshot", vm.snapshotDays()),
                        new Label("timestamp"),
                        number("daysTimestamp", vm.timestampDays())));
        grid.addRow(row++, new Label("Delegations"), delegationsChoice());
        grid.addRow(
                row++,
                new Label("Root threshold"),
                new HBox(6, number("ceremonyThreshold", vm.threshold()), new Label("signatures (at least 2)")));
        Button start = Controls.button("ceremonyStartBootstrap", "Start bootstrap", Styles.ACCENT);
        start.setOnAction(e -> vm.startBootstrap());
        TextField out = new TextField();
        out.setId("ceremonyBundleOut");
        out.setPromptText("/media/usb/bootstrap-bundle.json");
        Button bundle = Controls.button("ceremonyWriteBundle", "Write bundle", null);
        bundle.setOnAction(e -> vm.writeBundle(Path.of(out.getText().strip())));
        Button send = Controls.button("ceremonySendBundle", "Send to server", null);
        send.setOnAction(e -> vm.send(Path.of(out.getText().strip())));
        send.setVisible(vm.online());
        send.setManaged(vm.online());
        grid.addRow(row++, new Label(""), start);
        grid.addRow(row, new Label("Bundle"), new HBox(6, out, bundle, send));
        HBox.setHgrow(out, Priority.ALWAYS);
        return tab("Bootstrap", grid);
    }

    /**
     * Hash bins (how many) or custom delegations (a {@code {"roles": [...]}} file, as the command line's
     * {@code --delegations}); only the chosen kind's fields are enabled. One row, so the tab keeps its height.
     */
    private HBox delegationsChoice() {
        ToggleGroup kind = new ToggleGroup();
        RadioButton bins = new RadioButton("hash bins");
        bins.setId("ceremonyUseBins");
        bins.setToggleGroup(kind);
        RadioButton custom = new RadioButton("custom delegations");
        custom.setId("ceremonyUseDelegations");
        custom.setToggleGroup(kind);
        (vm.customDelegations().get() ? custom : bins).setSelected(true);
        custom.selectedProperty().bindBidirectional(vm.customDelegations());
        TextField count = number("ceremonyBins", vm.bins());
        count.disableProperty().bind(vm.customDelegations());
        TextField file = field(
                "ceremonyDelegationsFile", vm.delegationsFile(), "/media/usb/delegations.json ({\"roles\": [...]})");
        file.setPrefColumnCount(16);
        Button browse = Controls.button("ceremonyDelegationsBrowse", "Browse…", null);
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Custom delegations (RSTUF {\"roles\": [...]})");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
            File chosen = chooser.showOpenDialog(
                    getScene() == null ? null : getScene().getWindow());
            if (chosen != null) {
                vm.delegationsFile().set(chosen.getPath());
            }
        });
        file.disableProperty().bind(vm.customDelegations().not());
        browse.disableProperty().bind(vm.customDelegations().not());
        bins.setMinWidth(Region.USE_PREF_SIZE);
        custom.setMinWidth(Region.USE_PREF_SIZE);
        browse.setMinWidth(Region.USE_PREF_SIZE);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.setTooltip(new javafx.scene.control.Tooltip("how many hash bins: a power of two from 2 to 16384"));
        file.setMinWidth(80);
        HBox choice = new HBox(6, bins, count, custom, file, browse);
        choice.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setMargin(custom, new Insets(0, 0, 0, 12));
        HBox.setHgrow(file, Priority.ALWAYS);
        return choice;
    }

    private Tab signingTab() {
        GridPane grid = grid();
        grid.addRow(0, new Label("Ceremony file"), field("signingFile", vm.ceremonyFile(), "/media/usb/signing.json"));
        grid.addRow(
                1,
                new Label("Pending metadata"),
                field("signingInput", vm.inputFile(), "/media/usb/pending.json (GET /api/v1/metadata/sign)"));
        Button importing = Controls.button("ceremonyImport", "Import pending root", Styles.ACCENT);
        importing.setOnAction(e -> vm.importPending());
        Button open = Controls.button("ceremonyOpen", "Continue an earlier sitting", null);
        open.setOnAction(e -> vm.open());
        grid.addRow(2, new Label(""), new HBox(6, importing, open));
        TextField out = new TextField();
        out.setId("ceremonySignaturesOut");
        out.setPromptText("/media/usb/signatures.json");
        Button export = Controls.button("ceremonyExport", "Export signatures", null);
        export.setOnAction(e -> vm.exportSignatures(Path.of(out.getText().strip())));
        Button send = Controls.button("ceremonySendSignatures", "Send to server", null);
        send.setOnAction(e -> vm.send(Path.of(out.getText().strip())));
        send.setVisible(vm.online());
        send.setManaged(vm.online());
        grid.addRow(3, new Label("Signatures"), new HBox(6, out, export, send));
        HBox.setHgrow(out, Priority.ALWAYS);
        return tab("Signing event / rotation", grid);
    }

    private Tab transcriptTab() {
        GridPane grid = grid();
        TextField transcript = new TextField();
        transcript.setId("transcriptFile");
        transcript.setPromptText("/media/usb/bootstrap.transcript.json");
        TextField anchor = new TextField();
        anchor.setId("transcriptAnchor");
        anchor.setPromptText("optional: the published root the seals must match");
        Button verify = Controls.button("transcriptVerify", "Verify transcript", Styles.ACCENT);
        verify.setOnAction(e -> vm.verifyTranscript(
                Path.of(transcript.getText().strip()),
                anchor.getText().isBlank()
                        ? Optional.empty()
                        : Optional.of(Path.of(anchor.getText().strip()))));
        grid.addRow(0, new Label("Transcript"), transcript);
        grid.addRow(1, new Label("Trusted root"), anchor);
        grid.addRow(2, new Label(""), verify);
        return tab("Transcript", grid);
    }

    private TitledPane holderPane() {
        GridPane grid = grid();
        grid.addRow(
                0, new Label("Key holder"), field("holderName", vm.holder(), "name of the person holding the token"));
        ComboBox<KeySourceFactory> sources = new ComboBox<>();
        sources.setId("holderSource");
        sources.getItems().setAll(vm.sources());
        sources.setConverter(new StringConverter<>() {
            @Override
            public String toString(KeySourceFactory f) {
                return f == null ? "" : f.title();
            }

            @Override
            public KeySourceFactory fromString(String s) {
                return null;
            }
        });
        sources.valueProperty().bindBidirectional(vm.source());
        grid.addRow(1, new Label("Key source"), sources);
        TextField where = field("holderLocation", vm.location(), "");
        vm.source().addListener((o, old, now) -> where.setPromptText(now == null ? "" : now.locationPrompt()));
        where.setPromptText(vm.source().get().locationPrompt());
        grid.addRow(2, new Label("Token"), where);
        CheckBox generate = new CheckBox("Generate a new key on the token");
        generate.setId("holderGenerate");
        generate.selectedProperty().bindBidirectional(vm.generate());
        ComboBox<KeyAlgorithm> algorithm = new ComboBox<>();
        algorithm.setId("holderAlgorithm");
        algorithm.getItems().setAll(KeyAlgorithm.values());
        algorithm.valueProperty().bindBidirectional(vm.algorithm());
        grid.addRow(3, new Label("Key"), new HBox(8, generate, algorithm));
        Label policyLabel = new Label("YubiKey policy");
        HBox policyRow = policyChoice(generate);
        var yubiKey = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.source().get() != null && vm.source().get().kind() == TokenKind.YUBIKEY_PIV, vm.source());
        for (Node n : new Node[] {policyLabel, policyRow}) {
            n.visibleProperty().bind(yubiKey); // only YubiKeys have PIN and touch policies
            n.managedProperty().bind(yubiKey);
        }
        grid.addRow(4, policyLabel, policyRow);
        Button add = Controls.button("holderAdd", "Add key holder", null);
        add.setOnAction(e -> vm.addHolder());
        Button sign = Controls.button("holderSign", "Sign (PIN)", Styles.ACCENT);
        sign.setOnAction(e -> vm.sign());
        grid.addRow(5, new Label(""), new HBox(8, add, sign, tokenMenu()));
        Label attestation = new Label();
        attestation.setId("holderAttestation");
        attestation.setWrapText(true);
        attestation.setMaxWidth(640);
        attestation.textProperty().bind(vm.attestation());
        Label reported = new Label();
        reported.setId("holderPolicy");
        reported.setWrapText(true);
        reported.setMaxWidth(640);
        reported.textProperty().bind(vm.policy());
        reported.visibleProperty().bind(vm.policy().isNotEmpty());
        reported.managedProperty().bind(reported.visibleProperty());
        grid.addRow(6, new Label("Attestation"), new VBox(2, attestation, reported));
        TitledPane pane = new TitledPane("Key holder: add a key, then sign in turn", grid);
        pane.setCollapsible(false);
        return pane;
    }

    /** PIN and touch policy for a key generated on a YubiKey; the defaults are the card's, as on the CLI. */
    private HBox policyChoice(CheckBox generate) {
        ComboBox<GenerateRequest.PinPolicy> pin = new ComboBox<>();
        pin.setId("holderPinPolicy");
        pin.getItems().setAll(GenerateRequest.PinPolicy.values());
        pin.setConverter(named(TokenActions::describe));
        pin.valueProperty().bindBidirectional(vm.pinPolicy());
        ComboBox<GenerateRequest.TouchPolicy> touch = new ComboBox<>();
        touch.setId("holderTouchPolicy");
        touch.getItems().setAll(GenerateRequest.TouchPolicy.values());
        touch.setConverter(named(TokenActions::describe));
        touch.valueProperty().bindBidirectional(vm.touchPolicy());
        pin.disableProperty().bind(generate.selectedProperty().not()); // a chosen key keeps its policies
        touch.disableProperty().bind(pin.disableProperty());
        HBox row = new HBox(6, new Label("PIN"), pin, new Label("touch"), touch);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    /** Change PIN and unblock with PUK for the YubiKey in the token field. */
    private MenuButton tokenMenu() {
        MenuItem change = new MenuItem("Change PIN…");
        change.setId("tokenChangePin");
        change.setOnAction(e -> secrets("Change the PIN", "Current PIN", "currentPinField")
                .ifPresent(s -> vm.changePin(s[0], s[1], s[2])));
        MenuItem unblock = new MenuItem("Unblock PIN with PUK…");
        unblock.setId("tokenUnblockPin");
        unblock.setOnAction(e -> secrets("Unblock the PIN with the PUK", "PUK", "pukField")
                .ifPresent(s -> vm.unblockPin(s[0], s[1], s[2])));
        MenuButton menu = new MenuButton("Token", null, change, unblock);
        menu.setId("holderToken");
        return menu;
    }

    /** Asks a first secret (current PIN or PUK), a new PIN and its repetition; empty when cancelled. */
    private static Optional<char[][]> secrets(String title, String first, String firstId) {
        Dialog<char[][]> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.setHeaderText(title + " of the YubiKey in the token field (6 to 8 characters)");
        PasswordField one = new PasswordField();
        one.setId(firstId);
        PasswordField fresh = new PasswordField();
        fresh.setId("newPinField");
        PasswordField again = new PasswordField();
        again.setId("repeatPinField");
        GridPane grid = grid();
        grid.addRow(0, new Label(first), one);
        grid.addRow(1, new Label("New PIN"), fresh);
        grid.addRow(2, new Label("New PIN again"), again);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> b == ButtonType.OK
                ? new char[][] {
                    one.getText().toCharArray(),
                    fresh.getText().toCharArray(),
                    again.getText().toCharArray()
                }
                : null);
        Platform.runLater(one::requestFocus);
        Optional<char[][]> answer = dialog.showAndWait();
        one.clear();
        fresh.clear();
        again.clear();
        return answer;
    }

    private static <T> StringConverter<T> named(java.util.function.Function<T, String> name) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : name.apply(value);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }

    private VBox progressPane() {
        TextArea summary = list("ceremonySummary", vm.summary(), 330);
        TextArea changes = list("ceremonyChanges", vm.changes(), 150);
        TextArea missing = list("ceremonyMissing", vm.missing(), 110);
        VBox box = new VBox(
                4,
                heading("What is being signed"),
                summary,
                heading("Changes against the trusted root"),
                changes,
                heading("Signatures"),
                missing);
        box.setPrefWidth(480);
        box.setMinWidth(480);
        box.setPadding(new Insets(0, 0, 0, 12));
        return box;
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    /** A read-only, wrapping text of the lines: a key holder reads every key id whole. */
    private static TextArea list(String id, javafx.collections.ObservableList<String> items, double height) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefHeight(height);
        area.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        area.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(() -> String.join("\n", items), items));
        return area;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(8));
        return grid;
    }

    /**
     * A tab whose form scrolls when the window is too short for it: the tab pane yields height to the
     * key holder pane below it rather than letting its last rows slide under that pane.
     */
    private static Tab tab(String title, GridPane content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        return new Tab(title, scroll);
    }

    private static TextField field(String id, StringProperty value, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(34);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static TextField number(String id, IntegerProperty value) {
        TextField field = new TextField(Integer.toString(value.get()));
        field.setId(id);
        field.setPrefColumnCount(4);
        field.textProperty().addListener((o, old, now) -> {
            try {
                value.set(Integer.parseInt(now.strip()));
            } catch (NumberFormatException e) {
                value.set(-1); // refused by the engine with the allowed range
            }
        });
        value.addListener((o, old, now) -> {
            if (!field.getText().strip().equals(now.toString()) && now.intValue() >= 0) {
                field.setText(now.toString());
            }
        });
        return field;
    }

    /** Asks the PIN on the JavaFX thread, showing the token and the tries left; blocks the worker meanwhile. */
    private static final class PinDialog implements PinSource {
        @Override
        public char[] pin(TokenInfo token, int triesLeft) {
            if (Platform.isFxApplicationThread()) {
                return ask(token, triesLeft);
            }
            CompletableFuture<char[]> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(ask(token, triesLeft));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                return null;
            }
        }

        private static char[] ask(TokenInfo token, int triesLeft) {
            Dialog<char[]> dialog = new Dialog<>();
            dialog.setTitle("PIN");
            dialog.setHeaderText("PIN for " + token.label()
                    + (token.serial().isEmpty() ? "" : ", serial " + token.serial())
                    + (triesLeft >= 0 ? " (" + triesLeft + " tries left)" : "")
                    + (token.rehearsalOnly() ? "\nREHEARSAL ONLY: key file password" : ""));
            PasswordField field = new PasswordField();
            field.setId("pinField");
            dialog.getDialogPane().setContent(field);
            dialog.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
            dialog.setResultConverter(b -> b == ButtonType.OK ? field.getText().toCharArray() : null);
            Platform.runLater(field::requestFocus);
            char[] pin = dialog.showAndWait().orElse(null);
            field.clear();
            return pin;
        }
    }
}
