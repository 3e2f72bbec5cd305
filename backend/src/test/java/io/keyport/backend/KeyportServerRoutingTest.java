package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.storage.InMemoryStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static routing assembles the OpenAPI document from what the modules contributed while they were wired. */
class KeyportServerRoutingTest {

    @TempDir
    Path data;

    Platform platform;

    /** A module that contributes an OpenAPI fragment and nothing else. */
    private static final class FragmentModule implements DomainModule {
        FragmentModule(Platform p, String name, String fragment) {
            p.openApi().contribute(name, fragment);
        }

        @Override
        public List<HttpService> httpServices() {
            return List.of();
        }
    }

    @BeforeEach
    void open() {
        platform = Platform.open(
                KeyportConfig.of(Map.of("KEYPORT_DATA_DIR", data.toString())),
                c -> new InMemoryStorage(Clock.systemUTC()),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void aModulesFragmentIsInTheDocument() {
        List<DomainModule> modules = List.of(new FragmentModule(platform, "things", "/openapi-test/things.yaml"));

        KeyportServer.routing(HttpRouting.builder(), platform, modules);

        assertThat(platform.openApi().assemble().path("paths").has("/things")).isTrue();
    }

    @Test
    void twoModulesContributingTheSamePathStopTheRouting() {
        List<DomainModule> modules = List.of(
                new FragmentModule(platform, "things", "/openapi-test/things.yaml"),
                new FragmentModule(platform, "more-things", "/openapi-test/more-things.yaml"));

        assertThatThrownBy(() -> KeyportServer.routing(HttpRouting.builder(), platform, modules))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("path /things is contributed by both things")
                .hasMessageContaining("and more-things");
    }
}
