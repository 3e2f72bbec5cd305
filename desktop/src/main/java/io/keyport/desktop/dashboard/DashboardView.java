package io.keyport.desktop.dashboard;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.approvals.Formats;
import io.keyport.desktop.approvals.InboxViewModel;
import io.keyport.model.kio.InboxItem;
import io.keyport.model.kio.KioStatistics;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The dashboard: what waits for me (count and list), my recent activity, and three charts from the
 * server's figures: versions created per day, approval lead time per team, pending approvals by
 * age. The charts are plain JavaFX charts; the AtlantaFX theme styles them.
 */
public final class DashboardView extends ScrollPane {

    private final BarChart<String, Number> perDay = chart("Versions created per day (last 30 days)", "day", "versions");
    private final BarChart<String, Number> leadTime =
            chart("Approval lead time per team", "team (versions approved)", "hours");
    private final BarChart<String, Number> pendingAge = chart("Pending approvals by age", "age", "versions");

    {
        wholeNumbers(perDay);
        wholeNumbers(pendingAge);
    }

    /** Counts: tick labels only on whole numbers. */
    private static void wholeNumbers(BarChart<String, Number> chart) {
        ((NumberAxis) chart.getYAxis()).setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : "";
            }

            @Override
            public Number fromString(String s) {
                return Long.parseLong(s);
            }
        });
    }

    public DashboardView(DashboardViewModel vm) {
        setId("feature-dashboard");
        setFitToWidth(true);
        perDay.setId("versionsPerDayChart");
        leadTime.setId("leadTimeChart");
        pendingAge.setId("pendingAgeChart");

        Label count = new Label("…");
        count.setId("waitingCount");
        count.getStyleClass().add(Styles.TITLE_1);
        vm.waitingProperty().addListener((o, old, now) -> count.setText(now.intValue() < 0 ? "…" : now.toString()));
        Label countCaption = new Label();
        countCaption
                .textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.waitingProperty().get() == 1
                                ? "version waits for your approval"
                                : "versions wait for your approval",
                        vm.waitingProperty()));
        countCaption.getStyleClass().add(Styles.TEXT_MUTED);
        ListView<InboxItem> inbox = new ListView<>(vm.inbox());
        inbox.setId("dashboardInbox");
        inbox.setPlaceholder(new Label("Nothing waits for you"));
        inbox.setCellFactory(l -> cell(i ->
                i.applicationId() + " " + i.versionId() + " (" + i.createdBy() + ") — " + InboxViewModel.describe(i)));
        inbox.setPrefHeight(130);
        VBox waiting = card("Waiting for me", count, countCaption, inbox);

        ListView<KioStatistics.Activity> activity = new ListView<>(vm.activity());
        activity.setId("activity");
        activity.setPlaceholder(new Label("No versions or approvals of yours yet"));
        activity.setCellFactory(l -> cell(a -> Formats.time(a.time()) + "  " + DashboardViewModel.describe(a)));
        activity.setPrefHeight(200);
        VBox recent = card("My recent activity", activity);

        vm.statisticsProperty().addListener((o, old, stats) -> show(stats));

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(12);
        grid.setPadding(new Insets(12));
        for (int i = 0; i < 3; i++) {
            ColumnConstraints third = new ColumnConstraints();
            third.setPercentWidth(100.0 / 3);
            grid.getColumnConstraints().add(third);
        }
        Label title = new Label("Dashboard");
        title.getStyleClass().add(Styles.TITLE_3);
        grid.add(title, 0, 0, 3, 1);
        grid.add(waiting, 0, 1);
        grid.add(recent, 1, 1);
        grid.add(card(null, pendingAge), 2, 1);
        grid.add(card(null, perDay), 0, 2, 2, 1);
        grid.add(card(null, leadTime), 2, 2);
        setContent(grid);
    }

    private void show(KioStatistics stats) {
        if (stats == null) {
            return;
        }
        XYChart.Series<String, Number> days = new XYChart.Series<>();
        for (KioStatistics.DayCount d : stats.versionsPerDay()) {
            days.getData().add(new XYChart.Data<>(d.day().toString().substring(5), d.count()));
        }
        perDay.getData().setAll(java.util.List.of(days));
        LeadTimeUnit unit = LeadTimeUnit.fitting(stats.leadTimeByTeam());
        leadTime.getYAxis().setLabel(unit.label);
        XYChart.Series<String, Number> teams = new XYChart.Series<>();
        for (KioStatistics.TeamLeadTime t : stats.leadTimeByTeam()) {
            teams.getData()
                    .add(new XYChart.Data<>(t.teamId() + " (" + t.approved() + ")", t.averageSeconds() / unit.seconds));
        }
        leadTime.getData().setAll(java.util.List.of(teams));
        XYChart.Series<String, Number> ages = new XYChart.Series<>();
        for (KioStatistics.AgeBucket b : stats.pendingByAge()) {
            ages.getData().add(new XYChart.Data<>(b.label(), b.count()));
        }
        pendingAge.getData().setAll(java.util.List.of(ages));
    }

    /** The unit the lead-time axis uses: the largest that keeps the longest bar at two units or more. */
    enum LeadTimeUnit {
        SECONDS("seconds", 1),
        MINUTES("minutes", 60),
        HOURS("hours", 3600),
        DAYS("days", 86400);

        final String label;
        final double seconds;

        LeadTimeUnit(String label, double seconds) {
            this.label = label;
            this.seconds = seconds;
        }

        static LeadTimeUnit fitting(java.util.List<KioStatistics.TeamLeadTime> teams) {
            double longest = teams.stream()
                    .mapToDouble(KioStatistics.TeamLeadTime::averageSeconds)
                    .max()
                    .orElse(0);
            LeadTimeUnit unit = SECONDS;
            for (LeadTimeUnit u : values()) {
                if (longest >= 2 * u.seconds) {
                    unit = u;
                }
            }
            return unit;
        }
    }

    private static BarChart<String, Number> chart(String title, String x, String y) {
        CategoryAxis xAxis = new CategoryAxis();
        xAxis.setLabel(x);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        yAxis.setMinorTickVisible(false);
        BarChart<String, Number> chart = new BarChart<>(xAxis, yAxis);
        chart.setTitle(title);
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setPrefHeight(300);
        chart.setMinHeight(220);
        chart.setCategoryGap(6);
        return chart;
    }

    private static VBox card(String title, Node... content) {
        VBox box = new VBox(6);
        if (title != null) {
            Label label = new Label(title);
            label.getStyleClass().add(Styles.TITLE_4);
            box.getChildren().add(label);
        }
        box.getChildren().addAll(content);
        box.setPadding(new Insets(12));
        box.getStyleClass().add("dashboard-card");
        box.setStyle(
                "-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-border-color: -color-border-default; -fx-border-radius: 8;");
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    private static <T> ListCell<T> cell(java.util.function.Function<T, String> text) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setWrapText(true);
                setPrefWidth(0);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }
}
