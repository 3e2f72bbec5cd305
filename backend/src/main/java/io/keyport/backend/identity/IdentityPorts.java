package io.keyport.backend.identity;

import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.PrincipalCache;
import io.keyport.backend.identity.service.ScopeRegistry;
import io.keyport.backend.identity.service.ServiceCredentials;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.backend.identity.service.TokenMinter;

/**
 * The narrow interfaces identity offers the domains built after it.
 *
 * @param authenticator turns a request's credentials into a principal (for HTTP services)
 * @param authorizer    the shared authorisation rules (for services)
 * @param teams         team existence and locking inside another domain's transaction
 * @param credentials   revocation of an application's service credentials
 * @param principals    the principal cache, cleared after a committed change that alters principals
 * @param scopes        the known OAuth2 scopes; a module that owns scopes registers them here while it is wired
 * @param tokens        issues an access token for a caller who already authenticated (the registry's token flow)
 */
public record IdentityPorts(
        Authenticator authenticator,
        Authorizer authorizer,
        TeamDirectory teams,
        ServiceCredentials credentials,
        PrincipalCache principals,
        ScopeRegistry scopes,
        TokenMinter tokens) {}
