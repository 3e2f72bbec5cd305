package io.keyport.desktop.applications;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.StartupMarks;
import io.keyport.desktop.approvals.Formats;
import io.keyport.desktop.approvals.VersionsPane;
import io.keyport.desktop.approvals.VersionsViewModel;
import io.keyport.desktop.kio.ApplicationRow;
import io.keyport.model.identity.CredentialInfo;
import io.keyport.model.kio.Application;
import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Applications: the filter bar (search as you type, team, activity), a virtualised table of what
 * the server answered, and a side pane with the selected application's details, versions,
 * service credentials and scopes; or the create/edit form in the same place.
 */
public final class ApplicationsView extends BorderPane {

    /** How long typing must pause before the search is sent. */
    static final Duration DEBOUNCE = Duration.millis(250);

    private final ApplicationsViewModel vm;
    private final ApplicationFormFactory forms;
    private final VersionsViewModel versions;
    private final StackPane side = new StackPane();
    private final Node details;

    /** Makes the form's view model for a new ({@code null}) or an existing application. */
    public interface ApplicationFormFactory {
        ApplicationFormViewModel form(Application existing);
    }

    public ApplicationsView(ApplicationsViewModel vm, ApplicationFormFactory forms, VersionsViewModel versions) {
        this.vm = vm;
        this.forms = forms;
        this.versions = versions;
        setId("feature-applications");
        setTop(filterBar());
        this.details = detailsPane();
        side.getChildren().setAll(details);
        side.setMinWidth(360);
        SplitPane split = new SplitPane(table(), side);
        split.setDividerPositions(0.5);
        setCenter(split);
        vm.selectedProperty().addListener((o, old, now) -> versions.show(now, null));
        markFirstLoad();
    }

    /** With start-up marks on: the mark {@code applications} once the first list is in the table and drawn. */
    private void markFirstLoad() {
        if (!StartupMarks.enabled()) {
            return;
        }
        vm.loadingProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean old, Boolean now) {
                if (!now && getScene() != null) {
                    vm.loadingProperty().removeListener(this);
                    StartupMarks.onFirstFrame(getScene(), "applications");
                }
            }
        });
    }

    private Node filterBar() {
        TextField search = new TextField();
        search.setId("appSearch");
        search.setPromptText("Search applications");
        search.setPrefColumnCount(16);
        PauseTransition debounce = new PauseTransition(DEBOUNCE);
        debounce.setOnFinished(e -> vm.reload());
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.textProperty().addListener((o, old, now) -> debounce.playFromStart());
        search.setOnAction(e -> {
            debounce.stop();
            vm.reload();
        });

        ComboBox<String> team = new ComboBox<>(vm.teams());
        team.setId("teamFilter");
        // the skin writes the button's text through the converter (not the button cell's updateItem)
        // whenever the value is briefly null, as while the team list is replaced: name it there
        team.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String item) {
                return item == null ? ApplicationsViewModel.ALL_TEAMS : item;
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        team.valueProperty().bindBidirectional(vm.teamProperty());
        team.valueProperty().addListener((o, old, now) -> vm.reload());

        ComboBox<ApplicationsViewModel.Activity> activity = new ComboBox<>();
        activity.getItems().setAll(ApplicationsViewModel.Activity.values());
        activity.setId("activeFilter");
        activity.valueProperty().bindBidirectional(vm.activityProperty());
        activity.valueProperty().addListener((o, old, now) -> vm.reload());

        Label status = new Label();
        status.setId("appStatus");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(vm.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button create = new Button("New application");
        create.setId("newApp");
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(e -> showForm(null));

        Label title = new Label("Applications");
        title.getStyleClass().add(Styles.TITLE_3);
        HBox bar = new HBox(8, title, search, team, activity, status, spacer, create);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        return bar;
    }

    private Node table() {
        TableView<ApplicationRow> table = new TableView<>(vm.applications());
        table.setId("appTable");
        table.setFixedCellSize(28);
        table.setPlaceholder(new Label("No applications match"));
        table.getColumns().add(Formats.column("Id", ApplicationRow::id, 140));
        table.getColumns().add(Formats.column("Name", ApplicationRow::name, 160));
        table.getColumns().add(Formats.column("Team", ApplicationRow::teamId, 90));
        table.getColumns().add(Formats.column("Active", a -> a.active() ? "yes" : "no", 60));
        table.getColumns()
                .add(Formats.column(
                        "Criticality",
                        a -> a.criticalityLevel() == null
                                ? ""
                                : a.criticalityLevel().toString(),
                        80));
        table.getColumns().add(Formats.column("Last modified", a -> Formats.time(a.lastModified()), 140));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (now != null) {
                vm.select(now);
                side.getChildren().setAll(details);
            }
        });
        // selected from elsewhere (a saved application), or the rows replaced by a reload: the
        // selected application's row, when the list holds it
        vm.selectedProperty().addListener((o, old, now) -> showSelected(table));
        vm.applications().addListener((ListChangeListener<ApplicationRow>) c -> showSelected(table));
        return table;
    }

    private void showSelected(TableView<ApplicationRow> table) {
        Application now = vm.selectedProperty().get();
        ApplicationRow shown = table.getSelectionModel().getSelectedItem();
        if (now == null || (shown != null && shown.id().equals(now.id()))) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).id().equals(now.id())) {
                table.getSelectionModel().select(i);
                table.scrollTo(i);
                return;
            }
        }
    }

    private Node detailsPane() {
        Label empty = new Label("Select an application, or create one");
        empty.getStyleClass().add(Styles.TEXT_MUTED);

        TabPane tabs = new TabPane(
                new Tab("Details", detailsTab()),
                new Tab("Versions", new VersionsPane(versions, true)),
                new Tab("Credentials", credentialsTab()),
                new Tab("Scopes", scopesTab()));
        tabs.setId("appTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.visibleProperty().bind(vm.selectedProperty().isNotNull());
        empty.visibleProperty().bind(vm.selectedProperty().isNull());
        return new StackPane(empty, tabs);
    }

    private Node detailsTab() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        grid.setPadding(new Insets(12));
        String[][] rows = {
            {"Id", "id"},
            {"Name", "name"},
            {"Team", "team"},
            {"Active", "active"},
            {"Criticality", "criticality"},
            {"Approval policy", "policy"},
            {"Subtitle", "subtitle"},
            {"Service URL", "serviceUrl"},
            {"SCM URL", "scmUrl"},
            {"Incident contact", "incident"},
            {"Created", "created"},
            {"Last modified", "modified"},
            {"Description", "description"},
        };
        Label[] values = new Label[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Label key = new Label(rows[i][0]);
            key.getStyleClass().add(Styles.TEXT_MUTED);
            values[i] = new Label();
            values[i].setId("detail-" + rows[i][1]);
            values[i].setWrapText(true);
            grid.addRow(i, key, values[i]);
        }
        Button edit = new Button("Edit");
        edit.setId("editApp");
        edit.setOnAction(e -> showForm(vm.selectedProperty().get()));
        grid.add(edit, 1, rows.length);
        vm.selectedProperty().addListener((o, old, a) -> {
            edit.setDisable(!vm.canWrite(a));
            if (a == null) {
                return;
            }
            String[] texts = {
                a.id(),
                a.name(),
                a.teamId(),
                a.active() ? "yes" : "no (takes no new versions or approvals)",
                a.criticalityLevel() == null ? "not set" : a.criticalityLevel().toString(),
                ApplicationsViewModel.describe(vm.policyProperty().get()),
                a.subtitle(),
                a.serviceUrl(),
                a.scmUrl(),
                a.incidentContact(),
                Formats.time(a.created()) + " by " + a.createdBy(),
                Formats.time(a.lastModified()) + " by " + a.lastModifiedBy(),
                a.description(),
            };
            for (int i = 0; i < texts.length; i++) {
                values[i].setText(texts[i] == null ? "" : texts[i]);
            }
        });
        vm.policyProperty().addListener((o, old, p) -> values[5].setText(ApplicationsViewModel.describe(p)));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private Node credentialsTab() {
        TableView<CredentialInfo> table = new TableView<>(vm.credentials());
        table.setId("credentialTable");
        table.setPlaceholder(new Label("No credentials (or not yours to see)"));
        table.getColumns().add(Formats.column("Client id", CredentialInfo::clientId, 200));
        table.getColumns().add(Formats.column("Created", c -> Formats.time(c.created()) + " by " + c.createdBy(), 180));
        table.getColumns()
                .add(Formats.column(
                        "State", c -> c.revokedAt() == null ? "valid" : "revoked " + Formats.time(c.revokedAt()), 120));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Button create = new Button("Create credential");
        create.setId("createCredential");
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(e -> vm.createCredential());
        Button revoke = new Button("Revoke");
        revoke.setId("revokeCredential");
        revoke.getStyleClass().add(Styles.DANGER);
        revoke.disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());
        revoke.setOnAction(e -> vm.revokeCredential(table.getSelectionModel().getSelectedItem()));
        vm.selectedProperty().addListener((o, old, a) -> create.setDisable(!vm.canWrite(a)));
        Label hint = new Label("A service authenticates with a credential (client credentials grant). "
                + "The secret is shown once, when it is created.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(8, hint, table, new HBox(8, create, revoke));
        box.setPadding(new Insets(8));
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private Node scopesTab() {
        ListView<String> list = new ListView<>(vm.scopes());
        list.setId("scopeList");
        list.setPlaceholder(new Label("No scopes granted"));
        list.setPrefHeight(140);
        TextField edit = new TextField();
        edit.setId("scopesField");
        edit.setPromptText("application.write, application.write_all");
        HBox.setHgrow(edit, Priority.ALWAYS);
        vm.scopes().addListener((javafx.collections.ListChangeListener<String>)
                c -> edit.setText(String.join(", ", vm.scopes())));
        Button save = new Button("Save scopes");
        save.setId("saveScopes");
        save.setOnAction(e -> vm.saveScopes(edit.getText()));
        HBox editor = new HBox(8, edit, save);
        editor.setVisible(vm.user().admin());
        editor.setManaged(vm.user().admin());
        Label hint = new Label(
                vm.user().admin()
                        ? "Scopes the application's service identity holds (admins change them)."
                        : "Scopes the application's service identity holds; only admins change them.");
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(8, hint, list, editor);
        box.setPadding(new Insets(8));
        return box;
    }

    /** Shows the create ({@code existing} null) or edit form in the side pane. */
    void showForm(Application existing) {
        ApplicationFormViewModel form = forms.form(existing);
        if (existing == null
                && !ApplicationsViewModel.ALL_TEAMS.equals(vm.teamProperty().get())) {
            form.teamProperty().set(vm.teamProperty().get());
        }
        side.getChildren()
                .setAll(new ApplicationForm(
                        form,
                        vm.teams().filtered(t -> !ApplicationsViewModel.ALL_TEAMS.equals(t)),
                        id -> {
                            side.getChildren().setAll(details);
                            vm.saved(id);
                        },
                        () -> side.getChildren().setAll(details)));
    }
}
