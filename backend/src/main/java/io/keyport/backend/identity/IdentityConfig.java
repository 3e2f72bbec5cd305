package io.keyport.backend.identity;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Identity's settings, parsed by {@link io.keyport.backend.KeyportConfig}; the only settings
 * {@link IdentityModule} reads besides the platform's HTTP limits.
 *
 * @param adminPassword       {@code KEYPORT_ADMIN_PASSWORD}: the first admin's password on the first
 *                            start; empty: one is generated and written to {@code initialPasswordFile}
 * @param initialPasswordFile where a generated first-admin password is written ({@code <data>/initial-admin-password})
 * @param tokens              the access tokens this server issues
 * @param oidc                an external OpenID Connect provider whose tokens are accepted too, if configured
 */
public record IdentityConfig(
        Optional<String> adminPassword, Path initialPasswordFile, TokenConfig tokens, Optional<OidcConfig> oidc) {

    @Override
    public String toString() { // never print the password
        return "IdentityConfig[adminPassword=" + (adminPassword.isPresent() ? "set" : "generated")
                + ", initialPasswordFile=" + initialPasswordFile + ", tokens=" + tokens + ", oidc=" + oidc + "]";
    }
}
