package io.keyport.desktop.shell;

import javafx.scene.Node;

/**
 * One entry of the console's sidebar (Dashboard, Applications, Approvals, Administration, Audit
 * log; later Images, TUF, Archives, App Store, Ceremonies). A feature is created once per signed-in
 * session from a {@link FeatureContext}; the shell asks for its view when the user first opens it.
 */
public interface Feature {

    /** Stable id, used for navigation, shortcuts and the node id of the view ({@code "feature-" + id}). */
    String id();

    /** Sidebar label. */
    String title();

    /** True if only admins see it. */
    default boolean adminOnly() {
        return false;
    }

    /** The feature's view; called once, on the JavaFX thread. */
    Node view();

    /** Reloads what the view shows (F5); called on the JavaFX thread. */
    default void refresh() {}
}
