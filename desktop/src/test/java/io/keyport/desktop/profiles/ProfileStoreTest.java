package io.keyport.desktop.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {

    @TempDir
    Path config;

    @Test
    void withNoFileThereIsTheBundledProfile() {
        assertThat(new ProfileStore(config).load()).containsExactly(ConnectionProfile.bundled("", "admin"));
    }

    @Test
    void profilesRoundTripAndTheBundledUrlIsNotStored() throws Exception {
        ProfileStore store = new ProfileStore(config);
        ConnectionProfile remote =
                new ConnectionProfile("Production", "https://keyport.example.org", "alice", null, false);

        store.save(List.of(ConnectionProfile.bundled("http://127.0.0.1:8080", "bob"), remote));

        assertThat(store.load()).containsExactly(ConnectionProfile.bundled("", "bob"), remote);
        String json = Files.readString(store.file());
        assertThat(json).doesNotContain("8080").doesNotContainIgnoringCase("password");
    }

    @Test
    void anUnreadableFileIsIgnored() throws Exception {
        Files.writeString(config.resolve("profiles.json"), "{ not json");

        assertThat(new ProfileStore(config).load()).containsExactly(ConnectionProfile.bundled("", "admin"));
    }

    @Test
    void aTrustedCaMustBeAPemCertificate() {
        ConnectionProfile broken =
                new ConnectionProfile("Lab", "https://lab:8443", "admin", "not a certificate", false);

        assertThatThrownBy(() -> HttpClients.forProfile(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The trusted CA");
    }
}
