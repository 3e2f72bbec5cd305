package io.keyport.desktop.audit;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The Audit log entry of the sidebar (admins only: the server answers the audit API to admins
 * alone). The view loads the newest page when first shown; refresh reloads the page with the
 * current filters.
 */
public final class AuditFeature implements Feature {

    private final AuditViewModel viewModel;
    private Node view;

    private AuditFeature(FeatureContext context) {
        viewModel = new AuditViewModel(new AuditClient(context.transport()), context.executor(), context.dialogs());
    }

    /** The feature for the signed-in session; the shell shows it to admins only. */
    public static AuditFeature create(FeatureContext context) {
        return new AuditFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String title() {
        return "Audit log";
    }

    @Override
    public boolean adminOnly() {
        return true;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new AuditView(viewModel);
            view.setId("feature-" + id());
            viewModel.search();
        }
        return view;
    }

    @Override
    public void refresh() {
        viewModel.search();
    }
}
