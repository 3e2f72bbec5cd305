package io.keyport.desktop.dashboard;

import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import javafx.scene.Node;

/** The Dashboard entry of the sidebar (the first view after sign-in). */
public final class DashboardFeature implements Feature {

    private final DashboardViewModel vm;
    private DashboardView view;

    private DashboardFeature(DashboardViewModel vm) {
        this.vm = vm;
    }

    public static DashboardFeature create(FeatureContext ctx) {
        return new DashboardFeature(
                new DashboardViewModel(new KioClient(ctx.transport()), ctx.dialogs(), ctx.executor()));
    }

    @Override
    public String id() {
        return "dashboard";
    }

    @Override
    public String title() {
        return "Dashboard";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new DashboardView(vm);
            vm.reload();
        }
        return view;
    }

    @Override
    public void refresh() {
        vm.reload();
    }

    public DashboardViewModel viewModel() {
        return vm;
    }
}
