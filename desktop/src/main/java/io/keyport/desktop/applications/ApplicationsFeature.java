package io.keyport.desktop.applications;

import io.keyport.desktop.approvals.VersionsViewModel;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import javafx.scene.Node;

/** The Applications entry of the sidebar. */
public final class ApplicationsFeature implements Feature {

    private final FeatureContext ctx;
    private final KioClient client;
    private final ApplicationsViewModel vm;
    private final VersionsViewModel versions;
    private ApplicationsView view;

    private ApplicationsFeature(FeatureContext ctx) {
        this.ctx = ctx;
        this.client = new KioClient(ctx.transport());
        this.vm = new ApplicationsViewModel(client, ctx.dialogs(), ctx.executor(), ctx.user());
        this.versions = new VersionsViewModel(client, ctx.dialogs(), ctx.executor(), ctx.user());
    }

    public static ApplicationsFeature create(FeatureContext ctx) {
        return new ApplicationsFeature(ctx);
    }

    @Override
    public String id() {
        return "applications";
    }

    @Override
    public String title() {
        return "Applications";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new ApplicationsView(
                    vm,
                    existing -> new ApplicationFormViewModel(client, ctx.dialogs(), ctx.executor(), existing),
                    versions);
            vm.loadTeams();
            vm.reload();
        }
        return view;
    }

    @Override
    public void refresh() {
        vm.loadTeams();
        vm.reload();
        versions.refresh();
    }

    public ApplicationsViewModel viewModel() {
        return vm;
    }
}
