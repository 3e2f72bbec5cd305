package io.keyport.desktop.shell;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;

/** Small control factories the feature views share: buttons with an id and a style, text columns. */
public final class Controls {

    private Controls() {}

    /** A button with node id {@code id} and, unless null, the style class {@code style} ({@code Styles.ACCENT}). */
    public static Button button(String id, String text, String style) {
        Button button = new Button(text);
        button.setId(id);
        if (style != null) {
            button.getStyleClass().add(style);
        }
        return button;
    }

    /** A read-only text column of {@code width} (also its minimum) showing {@code value} of each row. */
    public static <R> TableColumn<R, String> textColumn(String title, double width, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(width);
        column.setCellValueFactory(row -> new ReadOnlyStringWrapper(value.apply(row.getValue())));
        return column;
    }
}
