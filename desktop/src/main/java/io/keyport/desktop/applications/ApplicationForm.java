package io.keyport.desktop.applications;

import atlantafx.base.theme.Styles;
import java.util.function.Consumer;
import javafx.beans.binding.StringBinding;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SearchableComboBox;

/**
 * The create/edit form of an application, with each rule's message under its field as the user
 * types (and the field marked with AtlantaFX's danger state) and Save enabled only when the form is
 * valid. The team is picked from a searchable list (typing part of its id narrows it).
 */
final class ApplicationForm extends ScrollPane {

    ApplicationForm(
            ApplicationFormViewModel vm, ObservableList<String> teams, Consumer<String> onSaved, Runnable onCancel) {
        setId("appForm");
        setFitToWidth(true);
        Label title = new Label(
                vm.creating() ? "New application" : "Edit " + vm.idProperty().get());
        title.getStyleClass().add(Styles.TITLE_4);

        TextField id = text("formId", "lower-case-id", vm.idProperty());
        id.setDisable(!vm.creating());
        // a long list of plain ids: typing in ControlsFX's search field narrows it
        ComboBox<String> team = new SearchableComboBox<>(teams);
        team.setId("formTeam");
        team.setPromptText("Owning team");
        team.valueProperty().bindBidirectional(vm.teamProperty());
        team.setMaxWidth(Double.MAX_VALUE);
        TextField name = text("formName", "Display name", vm.nameProperty());
        TextField subtitle = text("formSubtitle", "", vm.subtitleProperty());
        ComboBox<Integer> criticality = new ComboBox<>();
        criticality.setId("formCriticality");
        criticality.getItems().setAll(1, 2, 3, 4);
        criticality.valueProperty().bindBidirectional(vm.criticalityProperty());
        Label criticalityHint = new Label();
        criticalityHint.getStyleClass().add(Styles.TEXT_MUTED);
        criticalityHint
                .textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> io.keyport.model.kio.Application.requiredApproversFor(
                                        vm.criticalityProperty().get()) + " approver(s) per version by default",
                        vm.criticalityProperty()));
        CheckBox active = new CheckBox("Active (takes versions and approvals)");
        active.setId("formActive");
        active.selectedProperty().bindBidirectional(vm.activeProperty());
        TextField serviceUrl = text("formServiceUrl", "https://", vm.serviceUrlProperty());
        TextField scmUrl = text("formScmUrl", "https://", vm.scmUrlProperty());
        TextField incident = text("formIncident", "", vm.incidentContactProperty());
        TextArea description = new TextArea();
        description.setId("formDescription");
        description.setPrefRowCount(4);
        description.setWrapText(true);
        description.textProperty().bindBidirectional(vm.descriptionProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(4);
        int row = 0;
        row = field(grid, row, "Id", id, error("formIdError", vm.idErrorProperty(), id));
        row = field(grid, row, "Team", team, error("formTeamError", vm.teamErrorProperty(), null));
        row = field(grid, row, "Name", name, error("formNameError", vm.nameErrorProperty(), name));
        row = field(grid, row, "Criticality", new HBox(8, criticality, criticalityHint), null);
        row = field(grid, row, "", active, null);
        row = field(grid, row, "Subtitle", subtitle, null);
        row = field(grid, row, "Service URL", serviceUrl, null);
        row = field(grid, row, "SCM URL", scmUrl, null);
        row = field(grid, row, "Incident contact", incident, null);
        row = field(grid, row, "Description", description, error("formTextError", vm.textErrorProperty(), null));

        Button save = new Button(vm.creating() ? "Create" : "Save");
        save.setId("formSave");
        save.getStyleClass().add(Styles.ACCENT);
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.validProperty().not());
        save.setOnAction(e -> vm.save(onSaved));
        Button cancel = new Button("Cancel");
        cancel.setId("formCancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> onCancel.run());
        grid.add(new HBox(8, save, cancel), 1, row);
        GridPane.setHgrow(name, Priority.ALWAYS);

        VBox box = new VBox(10, title, grid);
        box.setPadding(new Insets(12));
        setContent(box);
    }

    private static TextField text(String id, String prompt, javafx.beans.property.StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    /** A message label under a field, shown while {@code message} is non-null; marks {@code field}. */
    private static Label error(String id, StringBinding message, TextInputControl field) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        label.textProperty().bind(message);
        label.visibleProperty().bind(message.isNotNull());
        label.managedProperty().bind(label.visibleProperty());
        if (field != null) {
            message.addListener((o, old, now) -> field.pseudoClassStateChanged(
                    Styles.STATE_DANGER, now != null && !field.getText().isEmpty()));
        }
        return label;
    }

    private static int field(GridPane grid, int row, String label, Node input, Label error) {
        Label key = new Label(label);
        key.setMinWidth(Region.USE_PREF_SIZE); // "Incident contact", not "Incide..."
        grid.add(key, 0, row);
        grid.add(input, 1, row);
        GridPane.setHgrow(input, Priority.ALWAYS);
        if (error != null) {
            grid.add(error, 1, row + 1);
            return row + 2;
        }
        return row + 1;
    }
}
