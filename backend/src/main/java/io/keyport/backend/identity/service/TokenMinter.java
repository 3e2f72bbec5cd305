package io.keyport.backend.identity.service;

/**
 * Issues one of Keyport's access tokens for a caller who has already authenticated, with the
 * scopes the caller holds now: for flows that log in once and then send a bearer token, such as
 * the Docker registry token endpoint. It grants nothing the caller does not hold.
 */
@FunctionalInterface
public interface TokenMinter {

    /** A token for {@code caller}, valid for the server's token lifetime. */
    TokenService.Issued mint(Principal caller);
}
