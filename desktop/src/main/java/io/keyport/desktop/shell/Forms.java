package io.keyport.desktop.shell;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** The look of the console's forms (sign-in, first start): labels left, fields growing right, centred. */
public final class Forms {

    private Forms() {}

    /** Spacing, centring and a field column that takes the width. */
    public static void layOut(GridPane form) {
        form.setPadding(new Insets(24));
        form.setHgap(12);
        form.setVgap(12);
        form.setAlignment(Pos.CENTER);
        form.setMaxWidth(560);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(new ColumnConstraints(), grow);
    }
}
