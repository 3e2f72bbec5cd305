package io.keyport.desktop.ceremonies;

import io.keyport.desktop.ceremony.HttpCeremonyServer;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javafx.scene.Node;

/**
 * The Ceremonies entry of the sidebar, signed in: the wizard with sending enabled (bundles and
 * signatures go to {@code POST /api/v1/bootstrap} and {@code /api/v1/metadata/sign}). The same wizard
 * without a server is the console's offline mode ({@link OfflineCeremony}).
 */
public final class CeremoniesFeature implements Feature {

    private final CeremoniesViewModel viewModel;
    private Node view;

    private CeremoniesFeature(FeatureContext context) {
        viewModel = new CeremoniesViewModel(
                context.executor(),
                context.clock(),
                KeySourceFactories.standard(),
                Optional.of(new HttpCeremonyServer(
                        context.transport(), Duration.ofMinutes(2), Duration.ofSeconds(1), context.clock())),
                context.user().uid(),
                (token, tries) -> null);
    }

    public static CeremoniesFeature create(FeatureContext context) {
        return new CeremoniesFeature(Objects.requireNonNull(context));
    }

    @Override
    public String id() {
        return "ceremonies";
    }

    @Override
    public String title() {
        return "Ceremonies";
    }

    @Override
    public Node view() {
        if (view == null) {
            view = new CeremoniesView(viewModel);
            view.setId("feature-" + id());
        }
        return view;
    }
}
