package io.keyport.desktop;

import io.keyport.desktop.bundled.BundledServer;
import io.keyport.desktop.profiles.ConnectionProfile;
import io.keyport.desktop.profiles.ProfileStore;
import io.keyport.desktop.shell.ConsoleSettings;
import io.keyport.desktop.shell.Theme;
import java.util.List;

/**
 * What the console's first window needs from disk and from the desktop: the theme (the user's
 * last choice, else the desktop's), the stored connection profiles, and the bundled server's
 * settings (which say whether this is a first start). None of it needs the JavaFX thread, and
 * reading it is the first use of Jackson and of Helidon's config (about 700 classes), so the
 * launcher reads it on a thread of its own while the JavaFX toolkit starts
 * ({@link ConsoleApp#prepare()}); {@link Console#Console(javafx.stage.Stage, Console.Options)}
 * reads it in place.
 *
 * @param bundled the bundled server, not started; null when the options want none
 */
record Preparation(Theme theme, List<ConnectionProfile> profiles, BundledServer bundled) {

    static Preparation read(Console.Options options) {
        BundledServer bundled = options.bundled() ? new BundledServer(options.environment()) : null;
        List<ConnectionProfile> profiles = new ProfileStore(options.configDir()).load();
        Theme theme = new ConsoleSettings(options.configDir())
                .theme()
                .or(Theme::systemPreference)
                .orElse(Theme.LIGHT);
        return new Preparation(theme, List.copyOf(profiles), bundled);
    }
}
