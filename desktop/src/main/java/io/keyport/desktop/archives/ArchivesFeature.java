package io.keyport.desktop.archives;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The Archives entry of the sidebar: kploy application archives by workspace. The view loads the
 * workspaces and the global workspace's archives when first shown; refresh reloads them.
 */
public final class ArchivesFeature implements Feature {

    private final ArchivesViewModel viewModel;
    private Node view;

    private ArchivesFeature(FeatureContext context) {
        viewModel =
                new ArchivesViewModel(new ArchivesClient(context.transport()), context.executor(), context.dialogs());
    }

    public static ArchivesFeature create(FeatureContext context) {
        return new ArchivesFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "archives";
    }

    @Override
    public String title() {
        return "Archives";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new ArchivesView(viewModel);
            view.setId("feature-" + id());
            viewModel.load();
        }
        return view;
    }

    @Override
    public void refresh() {
        viewModel.load();
    }
}
