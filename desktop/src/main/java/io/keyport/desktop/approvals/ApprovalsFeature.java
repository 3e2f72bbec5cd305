package io.keyport.desktop.approvals;

import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import javafx.scene.Node;

/** The Approvals entry of the sidebar: the inbox of versions waiting for the signed-in person. */
public final class ApprovalsFeature implements Feature {

    private final InboxViewModel vm;
    private ApprovalsView view;

    private ApprovalsFeature(InboxViewModel vm) {
        this.vm = vm;
    }

    public static ApprovalsFeature create(FeatureContext ctx) {
        KioClient client = new KioClient(ctx.transport());
        VersionsViewModel versions = new VersionsViewModel(client, ctx.dialogs(), ctx.executor(), ctx.user());
        return new ApprovalsFeature(new InboxViewModel(client, ctx.dialogs(), ctx.executor(), versions, ctx.clock()));
    }

    @Override
    public String id() {
        return "approvals";
    }

    @Override
    public String title() {
        return "Approvals";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new ApprovalsView(vm);
            vm.reload();
        }
        return view;
    }

    @Override
    public void refresh() {
        vm.reload();
        vm.versions().refresh();
    }

    /** The view model, for tests and for the dashboard's links. */
    public InboxViewModel viewModel() {
        return vm;
    }
}
