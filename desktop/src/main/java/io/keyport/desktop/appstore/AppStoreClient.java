package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageDetail;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The App Store catalogue API ({@code /packages}, docs/appstore.md). Every call blocks and throws
 * {@link BackendException} with the server's message; run it through a {@code TaskExecutor}.
 */
public final class AppStoreClient {

    private static final TypeReference<List<Package>> PACKAGES = new TypeReference<>() {};
    private static final TypeReference<PackageDetail> DETAIL = new TypeReference<>() {};

    private final Transport transport;

    public AppStoreClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** The packages matching {@code query} (all when blank), by name. */
    public List<Package> packages(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query == null || query.isBlank() ? null : query.trim());
        return transport.get("/packages", params, PACKAGES);
    }

    /** A package with the readme, values and schema of {@code version} (null: the newest stable one). */
    public PackageDetail detail(String id, String version) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("version", version);
        return transport.get("/packages/" + URLEncoder.encode(id, StandardCharsets.UTF_8), params, DETAIL);
    }
}
