package io.keyport.desktop.tuf;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The TUF entry of the sidebar: the repository's roles, expiries, pending signatures, tasks,
 * targets and online key, verified in the console. The view loads when first shown; refresh (F5)
 * reloads, and the countdowns move every second without asking the server.
 */
public final class TufFeature implements Feature {

    private final TufViewModel viewModel;
    private Node view;

    private TufFeature(FeatureContext context) {
        viewModel = new TufViewModel(
                new TufClient(context.transport()), context.executor(), context.dialogs(), context.clock());
    }

    public static TufFeature create(FeatureContext context) {
        return new TufFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "tuf";
    }

    @Override
    public String title() {
        return "TUF";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new TufView(viewModel);
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
