package io.keyport.desktop.approvals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableColumn;

/** What the console's Kio views share: times in UTC to the minute ("2026-11-29 10:15 UTC"), text columns. */
public final class Formats {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    public static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** A read-only text column showing {@code value} of each row. */
    public static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())).getReadOnlyProperty());
        column.setPrefWidth(width);
        return column;
    }
}
