package io.keyport.desktop.appstore;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The App Store entry of the sidebar: the chart catalogue with search and chart details (readme,
 * values, values schema, versions) in one tab, the caller's releases (status, resources, history,
 * upgrade with a dry run first, rollback, uninstall) in another, and the install form of the
 * package on screen in a third. The view lists every package and release when first shown;
 * refresh repeats the last search and reloads the releases.
 */
public final class AppStoreFeature implements Feature {

    private final AppStoreViewModel viewModel;
    private final ReleasesViewModel releases;
    private Node view;

    private AppStoreFeature(FeatureContext context) {
        AppStoreClient client = new AppStoreClient(context.transport());
        viewModel = new AppStoreViewModel(client, context.executor(), context.dialogs());
        releases = new ReleasesViewModel(client, context.executor(), context.dialogs());
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
            Tab install = new Tab("Install", ReleasesView.installForm(releases));
            install.setId("appstoreInstallTab");
            Tab releasesTab = new Tab("Releases", new ReleasesView(releases));
            releasesTab.setId("appstoreReleasesTab");
            TabPane tabs = new TabPane();
            Tab catalogue = new Tab("Catalogue", new AppStoreView(viewModel, () -> {
                releases.prepareInstall(viewModel.detailProperty().get());
                tabs.getSelectionModel().select(install);
            }));
            tabs.getTabs().setAll(catalogue, releasesTab, install);
            tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            view = tabs;
            view.setId("feature-" + id());
            viewModel.search();
            releases.refresh();
        }
        return view;
    }

    @Override
    public void refresh() {
        viewModel.search();
        releases.refresh();
    }
}
