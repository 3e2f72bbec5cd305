package io.keyport.backend.registry.api;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.registry.service.BlobService;
import io.keyport.backend.registry.service.ManifestService;
import io.keyport.backend.registry.service.RegistryAccess;
import io.keyport.backend.registry.service.RegistryTokens;
import io.keyport.backend.registry.service.TakedownService;
import io.keyport.backend.registry.service.TeamPolicies;
import java.util.List;

/** Builds the registry's HTTP services over one request parser. */
public final class RegistryHttp {

    private RegistryHttp() {}

    /** The registry's HTTP services, in registration order. */
    public static List<HttpService> services(
            BlobService blobs,
            ManifestService manifests,
            RegistryTokens tokens,
            RegistryAccess access,
            TeamPolicies policies,
            TakedownService takedowns,
            Authenticator authenticator,
            RouteRegistry routes) {
        RegistryRequests requests = new RegistryRequests(authenticator);
        return List.of(
                new RegistryAdminHttpService(policies, takedowns, requests, routes),
                new ManifestsHttpService(manifests, tokens, access, requests, routes),
                new BlobsHttpService(blobs, requests, routes));
    }
}
