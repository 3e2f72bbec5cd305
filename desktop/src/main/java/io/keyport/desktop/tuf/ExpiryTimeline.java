package io.keyport.desktop.tuf;

import atlantafx.base.theme.Styles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The expiry timeline: one bar per role from now to its expiry on a logarithmic time axis (ticks at 1
 * hour, 1 day, 1 week, 30 days and 1 year), so a timestamp that lives a day and a root that lives a
 * year both show. Each bar has its level's colour (the theme's success, warning and danger colours)
 * and the countdown beside it. Built from theme colours, so it follows light and dark.
 */
final class ExpiryTimeline extends GridPane {

    private static final List<Duration> TICKS = List.of(
            Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(365));
    private static final List<String> TICK_LABELS = List.of("1 h", "1 d", "1 w", "30 d", "1 y");
    private static final double MAX_HOURS = 2 * 365 * 24;

    private final TufViewModel vm;

    ExpiryTimeline(TufViewModel vm) {
        this.vm = vm;
        setId("tufTimeline");
        setHgap(8);
        setVgap(4);
        setPadding(new Insets(8));
        setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 6;"
                + " -fx-border-color: -color-border-default; -fx-border-radius: 6;");
        ColumnConstraints label = new ColumnConstraints();
        label.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints track = new ColumnConstraints();
        track.setHgrow(Priority.ALWAYS);
        track.setMinWidth(200);
        ColumnConstraints text = new ColumnConstraints();
        text.setMinWidth(Region.USE_PREF_SIZE);
        getColumnConstraints().setAll(label, track, text);
        InvalidationListener redraw = o -> draw();
        vm.timeline().addListener(redraw);
        vm.nowProperty().addListener(redraw);
        draw();
    }

    /** Where on the axis (0 to 1) a time left falls: log(1 + hours) over log(1 + two years). */
    static double position(Duration left) {
        double hours = Math.max(0, left.toSeconds() / 3600.0);
        return Math.min(1, Math.log1p(hours) / Math.log1p(MAX_HOURS));
    }

    private void draw() {
        getChildren().clear();
        Label title = new Label("Expiry timeline (log scale from now)");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        add(title, 0, 0, 3, 1);
        Instant now = vm.nowProperty().get();
        int row = 1;
        for (TufViewModel.TimelinePoint p : vm.timeline()) {
            Label name = new Label(p.label() + (p.online() ? "" : " (offline)"));
            Duration left = Duration.between(now, p.expires());
            Pane track = new Pane();
            track.setPrefHeight(14);
            track.setMinHeight(14);
            Region bar = new Region();
            bar.setId("tufTimelineBar-" + p.label().replace(' ', '-'));
            bar.getStyleClass().add("tuf-timeline-" + vm.level(p).name().toLowerCase(java.util.Locale.ROOT));
            bar.setStyle("-fx-background-radius: 3; -fx-background-color: " + colour(vm.level(p)) + ";");
            double fraction = Math.max(0.004, position(left));
            bar.prefWidthProperty().bind(track.widthProperty().multiply(fraction));
            bar.setPrefHeight(14);
            bar.resize(0, 14);
            track.getChildren().add(bar);
            bar.layoutXProperty().set(0);
            Label countdown = new Label(Expiry.countdown(p.expires(), now));
            countdown.getStyleClass().add(Styles.TEXT_SMALL);
            add(name, 0, row);
            add(track, 1, row);
            add(countdown, 2, row);
            row++;
        }
        Pane axis = new Pane();
        axis.setMinHeight(16);
        for (int i = 0; i < TICKS.size(); i++) {
            Label tick = new Label("│ " + TICK_LABELS.get(i));
            tick.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            double at = position(TICKS.get(i));
            tick.layoutXProperty().bind(axis.widthProperty().multiply(at).subtract(3));
            axis.getChildren().add(tick);
        }
        Label from = new Label("now");
        from.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        add(from, 0, row);
        GridPane.setHalignment(from, javafx.geometry.HPos.RIGHT);
        add(axis, 1, row);
        setAlignment(Pos.TOP_LEFT);
    }

    private static String colour(Expiry.Level level) {
        return switch (level) {
            case OK -> "-color-success-emphasis";
            case WARNING -> "-color-warning-emphasis";
            case CRITICAL, EXPIRED -> "-color-danger-emphasis";
        };
    }
}
