package io.keyport.desktop.admin;

import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.util.Objects;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * The Administration entry of the sidebar (admins only): Users, Teams and Policies tabs over one
 * {@link IdentityClient} and one {@link PolicyClient}. The view models exist from creation, the
 * controls only once the shell asks for the view; the first view and every refresh reload all
 * three tabs.
 */
public final class AdministrationFeature implements Feature {

    private final UsersViewModel users;
    private final TeamsViewModel teams;
    private final PoliciesViewModel policies;
    private Node view;

    private AdministrationFeature(FeatureContext context) {
        IdentityClient identity = new IdentityClient(context.transport());
        users = new UsersViewModel(identity, context.executor(), context.dialogs());
        teams = new TeamsViewModel(identity, context.executor(), context.dialogs());
        policies = new PoliciesViewModel(
                new PolicyClient(context.transport()), identity, context.executor(), context.dialogs());
    }

    /** The feature for the signed-in session; the shell shows it to admins only. */
    public static AdministrationFeature create(FeatureContext context) {
        return new AdministrationFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "administration";
    }

    @Override
    public String title() {
        return "Administration";
    }

    @Override
    public boolean adminOnly() {
        return true;
    }

    @Override
    public Node view() {
        if (view == null) {
            TabPane tabs = new TabPane(
                    tab("tab-users", "Users", new UsersView(users), users::reload),
                    tab("tab-teams", "Teams", new TeamsView(teams), teams::reload),
                    tab("tab-policies", "Policies and scopes", new PoliciesView(policies), policies::reload));
            tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            tabs.setId("feature-" + id());
            view = tabs;
            refresh();
        }
        return view;
    }

    @Override
    public void refresh() {
        users.reload();
        teams.reload();
        policies.reload();
    }

    /** A tab that reloads its lists when opened: another tab may have changed them (a new team, a member). */
    private static Tab tab(String id, String title, Node content, Runnable reload) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        tab.setOnSelectionChanged(e -> {
            if (tab.isSelected()) {
                reload.run();
            }
        });
        return tab;
    }
}
