package io.keyport.backend.identity.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scopes are contributed by the modules that own them, once each, per server. */
class ScopeRegistryTest {

    private final ScopeRegistry registry = new ScopeRegistry().register("identity", Scopes.IDENTITY);

    @Test
    void identitysScopesAreKnownAndNothingElse() {
        assertThat(registry.all())
                .containsExactly(
                        "uid",
                        "application.write",
                        "application.write_all",
                        "application.write_all_trusted",
                        "keyport.admin");
        assertThat(registry.isKnown("keyport.admin")).isTrue();
        assertThat(registry.isKnown("keyport.tuf.admin")).isFalse();
    }

    @Test
    void aModuleWiredLaterAddsItsOwnScopes() {
        registry.register("tuf", List.of("keyport.tuf.admin", "keyport.tuf.sign"));

        assertThat(registry.isKnown("keyport.tuf.sign")).isTrue();
        assertThat(registry.all())
                .endsWith("keyport.tuf.admin", "keyport.tuf.sign")
                .hasSize(7);
    }

    @Test
    void registeringTheSameScopesAgainChangesNothing() {
        registry.register("identity", List.of(Scopes.UID, Scopes.ADMIN));

        assertThat(registry.all()).hasSize(5);
    }

    @Test
    void twoModulesCannotOwnTheSameScope() {
        assertThatThrownBy(() -> registry.register("images", List.of("images.push", Scopes.APPLICATION_WRITE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("scope application.write is registered by both identity and images");
        assertThat(registry.isKnown("images.push"))
                .as("nothing of a refused registration is kept")
                .isFalse();
    }

    @Test
    void malformedScopeNamesAreRefused() {
        for (String name : List.of("", "Admin", "keyport admin", "keyport..admin", ".uid", "uid.")) {
            assertThatThrownBy(() -> registry.register("x", List.of(name)))
                    .as("'" + name + "'")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("malformed");
        }
    }

    @Test
    void eachServerHasItsOwnRegistry() {
        registry.register("tuf", List.of("keyport.tuf.admin"));

        assertThat(new ScopeRegistry().register("identity", Scopes.IDENTITY).isKnown("keyport.tuf.admin"))
                .isFalse();
    }
}
