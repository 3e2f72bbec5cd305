package io.keyport.desktop.audit;

import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.common.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Every field of one audit entry, read-only but selectable (hashes are copied into tickets and
 * compared with exports): sequence number, time, actor and realm, action, target, hash rule, the
 * previous and own hash, and the details as indented JSON. Shows nothing while no entry is
 * selected. Fields have ids {@code #inspect-<field>} for tests.
 */
final class AuditEntryInspector extends VBox {

    /** How the console writes audit times: UTC, to the millisecond, as the server stores them. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final String MONOSPACE = "-fx-font-family: monospace;";

    private final TextField seq = field("seq");
    private final TextField time = field("time");
    private final TextField actor = field("actor");
    private final TextField action = field("action");
    private final TextField target = field("target");
    private final TextField hashRule = field("hashRule");
    private final TextArea prevHash = hashArea("prevHash");
    private final TextArea hash = hashArea("hash");
    private final TextArea details = new TextArea();

    AuditEntryInspector(ObservableValue<AuditEntry> entry) {
        Label title = new Label("Entry");
        title.getStyleClass().add(Styles.TITLE_4);
        details.setId("inspect-details");
        details.setEditable(false);
        details.setWrapText(false);
        details.setStyle(MONOSPACE);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(labels, grow);
        String[] names = {"Sequence", "Time (UTC)", "Actor", "Action", "Target", "Hash rule", "Previous hash", "Hash"};
        TextInputControl[] fields = {seq, time, actor, action, target, hashRule, prevHash, hash};
        for (int i = 0; i < fields.length; i++) {
            grid.addRow(i, new Label(names[i]), fields[i]);
        }
        getChildren().addAll(title, grid, new Label("Details"), details);
        setSpacing(8);
        setPadding(new Insets(12));
        VBox.setVgrow(details, Priority.ALWAYS);
        entry.addListener((obs, old, now) -> show(now));
        show(entry.getValue());
    }

    private void show(AuditEntry entry) {
        setDisable(entry == null);
        seq.setText(entry == null ? "" : Long.toString(entry.seq()));
        time.setText(entry == null ? "" : time(entry.time()));
        actor.setText(entry == null ? "" : entry.actor() + (entry.realm() == null ? "" : " (" + entry.realm() + ")"));
        action.setText(entry == null ? "" : entry.action());
        target.setText(entry == null ? "" : entry.target());
        hashRule.setText(entry == null ? "" : Integer.toString(entry.hashRule()));
        prevHash.setText(entry == null ? "" : entry.prevHash());
        hash.setText(entry == null ? "" : entry.hash());
        details.setText(entry == null ? "" : prettyJson(entry.details()));
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** The details as indented JSON; an entry without details shows {@code {}}. */
    static String prettyJson(JsonNode details) {
        if (details == null || details.isNull() || details.isMissingNode()) {
            return "{}";
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(details);
        } catch (JsonProcessingException e) {
            return details.toString();
        }
    }

    /** A hash: 64 hex digits in two monospace lines, whole and selectable. */
    private static TextArea hashArea(String name) {
        TextArea area = new TextArea();
        area.setId("inspect-" + name);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(2);
        area.setStyle(MONOSPACE);
        return area;
    }

    private static TextField field(String name) {
        TextField field = new TextField();
        field.setId("inspect-" + name);
        field.setEditable(false);
        return field;
    }
}
