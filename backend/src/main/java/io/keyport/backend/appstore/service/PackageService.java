package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.backend.db.Database;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageDetail;
import io.keyport.model.appstore.PackageVersion;
import io.keyport.model.common.Json;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The public catalogue of the seed's {@code GET /packages}: packages from the in-memory
 * {@link Catalogue}, and one package's details with the files of one version from the database.
 */
public final class PackageService {

    private final Database db;
    private final ChartStore store;
    private final CatalogueCache catalogue;

    public PackageService(Database db, ChartStore store, CatalogueCache catalogue) {
        this.db = db;
        this.store = store;
        this.catalogue = catalogue;
    }

    /** The current catalogue (index, files, packages). */
    public Catalogue catalogue() {
        return catalogue.current();
    }

    /** Packages matching {@code query} in {@code repo} (null: any), by name. */
    public List<Package> search(String query, String repo) {
        return catalogue.current().search(query, repo);
    }

    /** {@link #search} as JSON bytes, written from the catalogue's pre-serialised packages. */
    public io.keyport.backend.http.Http.Prebuilt searchJson(String query, String repo) {
        return catalogue.current().searchJson(query, repo);
    }

    /**
     * A package with the readme, values and values schema of {@code version} (null: the newest
     * stable one, else the newest); 404 for an unknown package, repository or version.
     */
    public PackageDetail detail(String id, String version, String repo) {
        Catalogue current = catalogue.current();
        Package p = current.get(id)
                .filter(found -> repo == null || repo.equals(found.repo()))
                .orElseThrow(() -> AppStoreError.NOT_FOUND.with(
                        "package " + id + (repo == null ? "" : " in repository " + repo) + " not found"));
        PackageVersion chosen;
        if (version == null) {
            chosen = p.versions().stream()
                    .filter(v -> !v.prerelease())
                    .findFirst()
                    .orElse(p.versions().getFirst());
        } else {
            chosen = p.versions().stream()
                    .filter(v -> v.version().equals(version))
                    .findFirst()
                    .orElseThrow(() -> AppStoreError.NOT_FOUND.with(id + ", version: " + version + " not found"));
        }
        ChartStore.VersionFiles files = db.read(c -> store.files(c, id, chosen.version()))
                .orElseThrow(() -> AppStoreError.NOT_FOUND.with(id + ", version: " + chosen.version() + " not found"));
        JsonNode chart = db.read(c -> store.findVersion(c, id, chosen.version()))
                .map(row -> parse(row.metadata()))
                .orElse(p.chart());
        return new PackageDetail(
                p.id(),
                p.repo(),
                current.team(id),
                chosen.version(),
                chart,
                files.readme(),
                files.valuesYaml(),
                files.valuesSchema() == null ? null : parse(files.valuesSchema()),
                p.versions());
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
