package io.keyport.desktop.approvals;

import atlantafx.base.theme.Styles;
import io.keyport.model.kio.InboxItem;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The approvals inbox beside the versions of the selected item's application. */
public final class ApprovalsView extends BorderPane {

    public ApprovalsView(InboxViewModel vm) {
        setId("feature-approvals");
        Label title = new Label("Approvals inbox");
        title.getStyleClass().add(Styles.TITLE_3);
        Label status = new Label();
        status.setId("inboxStatus");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(vm.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button reload = new Button("Reload");
        reload.setId("reloadInbox");
        reload.setOnAction(e -> vm.reload());
        HBox header = new HBox(12, title, status, spacer, reload);
        header.setPadding(new Insets(8));
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        TableView<InboxItem> table = new TableView<>(vm.items());
        table.setId("inboxTable");
        table.setPlaceholder(new Label("Nothing waits for your approval"));
        table.getColumns().add(Formats.column("Application", i -> i.applicationId() + " (" + i.teamId() + ")", 150));
        table.getColumns().add(Formats.column("Version", InboxItem::versionId, 80));
        table.getColumns().add(Formats.column("Created by", InboxItem::createdBy, 90));
        table.getColumns().add(Formats.column("Waiting", vm::waiting, 70));
        table.getColumns().add(Formats.column("Still", InboxViewModel::describe, 240));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        VBox left = new VBox(table);
        VBox.setVgrow(table, Priority.ALWAYS);

        SplitPane split = new SplitPane(left, new VersionsPane(vm.versions(), false));
        split.setDividerPositions(0.45);
        setTop(header);
        setCenter(split);
    }
}
