package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.profiles.ConnectionProfile;
import io.keyport.desktop.profiles.ProfileStore;
import io.keyport.desktop.shell.ConsoleSettings;
import io.keyport.desktop.shell.Theme;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the first window needs, read off the JavaFX thread from the config folder and the environment. */
class PreparationTest {

    @TempDir
    Path temp;

    @Test
    void readsTheUsersThemeTheStoredProfilesAndTheBundledServersSettings() {
        Path config = temp.resolve("config");
        new ConsoleSettings(config).theme(Theme.DARK);
        ConnectionProfile remote = new ConnectionProfile("staging", "https://keyport.example", "alice", null, false);
        new ProfileStore(config).save(List.of(ConnectionProfile.bundled("", "admin"), remote));
        Path data = temp.resolve("data");

        Preparation prepared = Preparation.read(new Console.Options(
                Map.of("KEYPORT_DATA_DIR", data.toString(), "KEYPORT_ADMIN_PASSWORD", "preset by the operator"),
                config,
                true,
                Duration.ofSeconds(5),
                Clock.systemUTC()));

        assertThat(prepared.theme()).isEqualTo(Theme.DARK);
        assertThat(prepared.profiles())
                .extracting(ConnectionProfile::name)
                .containsExactly(ConnectionProfile.BUNDLED_NAME, "staging");
        assertThat(prepared.bundled().dataDir()).isEqualTo(data);
        assertThat(prepared.bundled().presetFirstAdminPassword()).contains("preset by the operator");
        assertThat(prepared.bundled().running()).as("read, not started").isFalse();
    }

    @Test
    void withoutABundledServerThereIsNone() {
        Preparation prepared = Preparation.read(
                new Console.Options(Map.of(), temp.resolve("config"), false, Duration.ofSeconds(5), Clock.systemUTC()));

        assertThat(prepared.bundled()).isNull();
        assertThat(prepared.profiles())
                .as("the bundled profile is added when missing; the console drops it")
                .extracting(ConnectionProfile::bundled)
                .containsExactly(true);
    }
}
