package io.keyport.desktop.approvals;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.kio.InboxItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The approvals inbox: the pending versions waiting for the signed-in person
 * ({@code GET /approvals/inbox}, one call across applications), and the versions of the selected
 * item's application in a {@link VersionsViewModel} to approve it.
 */
public final class InboxViewModel {

    private final KioClient client;
    private final DialogService dialogs;
    private final TaskExecutor executor;
    private final VersionsViewModel versions;
    private final Clock clock;

    private final ObservableList<InboxItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<InboxItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");

    public InboxViewModel(
            KioClient client, DialogService dialogs, TaskExecutor executor, VersionsViewModel versions, Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.client = Objects.requireNonNull(client);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.executor = Objects.requireNonNull(executor);
        this.versions = Objects.requireNonNull(versions);
        selected.addListener((obs, old, now) -> open(now));
        versions.setOnChange(this::reload);
    }

    public ObservableList<InboxItem> items() {
        return items;
    }

    public ObjectProperty<InboxItem> selectedProperty() {
        return selected;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public VersionsViewModel versions() {
        return versions;
    }

    /** How long {@code item} has been waiting, by the console's clock: "3 d", "5 h", "12 min". */
    public String waiting(InboxItem item) {
        return age(item.created(), clock.instant());
    }

    static String age(Instant created, Instant now) {
        Duration d = Duration.between(created, now);
        if (d.toDays() > 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h";
        }
        return Math.max(0, d.toMinutes()) + " min";
    }

    /** One line per item: "billing 1.4.0 — needs TEST, DEPLOY and 1 more approver". */
    public static String describe(InboxItem item) {
        StringBuilder s = new StringBuilder();
        if (!item.missingApprovalTypes().isEmpty()) {
            s.append(String.join(", ", item.missingApprovalTypes()));
        }
        if (item.missingApprovers() > 0) {
            if (!s.isEmpty()) {
                s.append(" and ");
            }
            s.append(item.missingApprovers()).append(" more approver").append(item.missingApprovers() == 1 ? "" : "s");
        }
        return "needs " + s;
    }

    /** Reloads the inbox, keeping the selection if the item is still there. */
    public void reload() {
        InboxItem keep = selected.get();
        status.set("Loading ...");
        executor.execute(
                client::inbox,
                list -> {
                    items.setAll(list);
                    status.set(
                            list.isEmpty()
                                    ? "Nothing waits for your approval"
                                    : list.size() + " version" + (list.size() == 1 ? " waits" : "s wait")
                                            + " for your approval");
                    if (keep != null) {
                        list.stream()
                                .filter(i -> i.applicationId().equals(keep.applicationId())
                                        && i.versionId().equals(keep.versionId()))
                                .findFirst()
                                .ifPresent(selected::set);
                    }
                },
                e -> {
                    status.set("Could not load the inbox");
                    dialogs.showError("Load the approvals inbox", e);
                });
    }

    private void open(InboxItem item) {
        if (item == null) {
            return;
        }
        executor.execute(
                () -> client.application(item.applicationId()),
                app -> versions.show(app, item.versionId()),
                e -> dialogs.showError("Open " + item.applicationId(), e));
    }
}
