package io.keyport.backend.identity;

import java.net.URI;
import java.util.Optional;

/**
 * An external OpenID Connect provider whose access tokens the server accepts ({@code KEYPORT_OIDC_*}),
 * and how their claims map to a principal.
 *
 * @param issuer      the {@code iss} every accepted token carries
 * @param jwksUrl     where the provider publishes its signing keys (http or https)
 * @param audience    the {@code aud} every accepted token must carry, if set
 * @param uidClaim    the claim holding the uid ({@code sub} unless set)
 * @param teamsClaim  the claim holding the teams ({@code groups} unless set)
 * @param realmClaim  a claim holding {@code employees} or {@code services}; empty: everyone is an employee
 * @param adminTeam   members of this team are admins, if set
 */
public record OidcConfig(
        String issuer,
        URI jwksUrl,
        Optional<String> audience,
        String uidClaim,
        String teamsClaim,
        Optional<String> realmClaim,
        Optional<String> adminTeam) {}
