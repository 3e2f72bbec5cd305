package io.keyport.backend.archives.service;

import java.util.List;

/**
 * The OAuth2 scope the archives domain owns, registered through identity's {@code ScopeRegistry}:
 * a service (client credentials) needs {@code archives.write} to upload and delete archives.
 * People write with their default {@code uid} scope; reading needs no token, as with kploy.
 */
public final class ArchiveScopes {

    public static final String WRITE = "archives.write";

    public static final List<String> ALL = List.of(WRITE);

    private ArchiveScopes() {}
}
