package io.keyport.desktop.images;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The Images entry of the sidebar: the image registry by team, repository and tag. The view loads
 * the teams, the first team's first repository and the storage figures when first shown; refresh
 * reloads them.
 */
public final class ImagesFeature implements Feature {

    private final ImagesViewModel viewModel;
    private Node view;

    private ImagesFeature(FeatureContext context) {
        ImagesClient client = new ImagesClient(context.transport());
        viewModel =
                new ImagesViewModel(client, client::takedown, context.executor(), context.dialogs(), context.user());
    }

    public static ImagesFeature create(FeatureContext context) {
        return new ImagesFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "images";
    }

    @Override
    public String title() {
        return "Images";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new ImagesView(viewModel);
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
