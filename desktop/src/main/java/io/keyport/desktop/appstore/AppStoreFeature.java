package io.keyport.desktop.appstore;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;

/**
 * The App Store entry of the sidebar: the chart catalogue with search and chart details (readme,
 * values, values schema, versions). Releases (installs) come with the releases API. The view lists
 * every package when first shown; refresh repeats the last search.
 */
public final class AppStoreFeature implements Feature {

    private final AppStoreViewModel viewModel;
    private Node view;

    private AppStoreFeature(FeatureContext context) {
        viewModel =
                new AppStoreViewModel(new AppStoreClient(context.transport()), context.executor(), context.dialogs());
    }

    public static AppStoreFeature create(FeatureContext context) {
        return new AppStoreFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "appstore";
    }

    @Override
    public String title() {
        return "App Store";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new AppStoreView(viewModel);
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
