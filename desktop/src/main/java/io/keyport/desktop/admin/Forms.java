package io.keyport.desktop.admin;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringExpression;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The few layout pieces the administration forms share: a two-column form grid, and a field with
 * its inline validation (AtlantaFX's danger state on the control and the problem as small text
 * under it, both following the view model's problem binding).
 */
final class Forms {

    private Forms() {}

    /** A grid of label/field rows that gives the field column the spare width. */
    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.setPadding(new Insets(0, 0, 8, 0));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Control.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    /**
     * {@code field} with a line under it that shows {@code problem} (null: nothing); the field turns
     * red while there is a problem. An empty field shows none (the form's Save button stays off
     * instead), so a fresh form is not red all over. The line gets the id {@code field id + "Problem"}.
     */
    static Node validated(TextInputControl field, StringExpression problem) {
        BooleanBinding shown = problem.isNotNull().and(field.textProperty().isNotEmpty());
        Label message = new Label();
        message.setId(field.getId() + "Problem");
        message.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        message.textProperty().bind(problem);
        message.visibleProperty().bind(shown);
        message.managedProperty().bind(shown);
        message.setWrapText(true);
        shown.addListener((obs, old, now) -> field.pseudoClassStateChanged(Styles.STATE_DANGER, now));
        return new VBox(4, field, message);
    }

    /** The heading of a form ("User jdoe"). */
    static Label heading() {
        Label heading = new Label();
        heading.getStyleClass().add(Styles.TITLE_3);
        return heading;
    }

    /** A section heading. */
    static Label title(String text) {
        Label title = new Label(text);
        title.getStyleClass().add(Styles.TITLE_4);
        return title;
    }

    /** A muted explanatory line. */
    static Label hint(String text) {
        Label hint = new Label(text);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        hint.setWrapText(true);
        return hint;
    }
}
