package io.keyport.desktop.dashboard;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.kio.InboxItem;
import io.keyport.model.kio.KioStatistics;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dashboard: what waits for me (the approvals inbox, its count and oldest items), my recent
 * activity and the figures for the charts, all aggregated by the server
 * ({@code GET /approvals/inbox}, {@code GET /approvals/statistics}): two calls, whatever the
 * number of applications.
 */
public final class DashboardViewModel {

    /** The charts' window in days. */
    public static final int DAYS = 30;

    private final KioClient client;
    private final DialogService dialogs;
    private final TaskExecutor executor;

    private final IntegerProperty waiting = new SimpleIntegerProperty(this, "waiting", -1);
    private final ObservableList<InboxItem> inbox = FXCollections.observableArrayList();
    private final ObservableList<KioStatistics.Activity> activity = FXCollections.observableArrayList();
    private final ObjectProperty<KioStatistics> statistics = new SimpleObjectProperty<>(this, "statistics");

    public DashboardViewModel(KioClient client, DialogService dialogs, TaskExecutor executor) {
        this.client = Objects.requireNonNull(client);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.executor = Objects.requireNonNull(executor);
    }

    /** The number of versions waiting for my approval; -1 until loaded. */
    public IntegerProperty waitingProperty() {
        return waiting;
    }

    public ObservableList<InboxItem> inbox() {
        return inbox;
    }

    public ObservableList<KioStatistics.Activity> activity() {
        return activity;
    }

    public ObjectProperty<KioStatistics> statisticsProperty() {
        return statistics;
    }

    public void reload() {
        executor.execute(
                client::inbox,
                list -> {
                    waiting.set(list.size());
                    inbox.setAll(list);
                },
                e -> dialogs.showError("Load what waits for you", e));
        executor.execute(
                () -> client.statistics(DAYS),
                stats -> {
                    statistics.set(stats);
                    activity.setAll(stats.myActivity());
                },
                e -> dialogs.showError("Load the dashboard's figures", e));
    }

    /** "approved billing 1.4.0 for TEST" / "created billing 1.4.0". */
    public static String describe(KioStatistics.Activity a) {
        return switch (a.action()) {
            case "version.approve" ->
                "Approved " + a.applicationId() + " " + a.versionId() + " for " + a.approvalType();
            case "version.create" -> "Created version " + a.applicationId() + " " + a.versionId();
            default -> a.action() + " " + a.applicationId() + " " + a.versionId();
        };
    }

    /** The lead-time bars: team and average hours, in the server's order (by team). */
    public static List<KioStatistics.TeamLeadTime> leadTimes(KioStatistics s) {
        return s == null ? List.of() : s.leadTimeByTeam();
    }
}
