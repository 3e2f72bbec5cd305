package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageVersion;
import io.keyport.model.common.Json;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One immutable view of the chart catalogue, built from every stored chart version: the Helm
 * repository index ({@code index.yaml}) as bytes with its ETag, the packages of {@code GET /packages}
 * (with their JSON pre-written), and the archive behind each download file name. Built only when the
 * catalogue changed ({@link CatalogueCache}); requests read it without touching the database.
 */
public final class Catalogue {

    /** The repository of the charts uploaded to Keyport. */
    public static final String REPO = "keyport";

    /**
     * The repository of the charts first pushed as OCI artifacts into Keyport's image registry; the
     * index and the downloads serve them as they serve uploaded ones (decision 0045).
     */
    public static final String OCI_REPO = "oci";

    /** The archive behind a download file name ({@code <name>-<version>.tgz}). */
    public record ChartFile(String name, String version, String digest, long size) {}

    private static final ObjectMapper YAML = new YAMLMapper()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR);

    private final long generation;
    private final io.keyport.backend.http.Http.Prebuilt indexYaml;
    private final String etag;
    private volatile io.keyport.backend.http.Http.Prebuilt indexGzip;
    private final List<Package> packages;
    private final io.keyport.backend.http.Http.Prebuilt packagesJson;
    private final Map<String, Package> byName;
    private final Map<String, byte[]> packageJson;
    private final Map<String, String> teams;
    private final Map<String, String> searchText;
    private final Map<String, ChartFile> files;

    private Catalogue(
            long generation,
            byte[] indexYaml,
            String etag,
            List<Package> packages,
            Map<String, byte[]> packageJson,
            Map<String, String> teams,
            Map<String, String> searchText,
            Map<String, ChartFile> files) {
        this.generation = generation;
        this.indexYaml = io.keyport.backend.http.Http.Prebuilt.of(indexYaml);
        this.etag = etag;
        this.packages = packages;
        this.packageJson = packageJson;
        this.packagesJson = io.keyport.backend.http.Http.Prebuilt.of(join(packages));
        this.teams = teams;
        this.searchText = searchText;
        this.files = files;
        Map<String, Package> names = new HashMap<>();
        packages.forEach(p -> names.put(p.id(), p));
        this.byName = names;
    }

    /**
     * Builds the catalogue of {@code rows} (every stored version) as of {@code generation};
     * {@code generated} is the index's {@code generated} time.
     */
    public static Catalogue build(
            long generation, List<ChartStore.VersionRow> rows, List<ChartStore.ChartRow> charts, Instant generated) {
        Map<String, List<Version>> byChart = new TreeMap<>();
        for (ChartStore.VersionRow row : rows) {
            SemVer semver = SemVer.parse(row.version()).orElse(null);
            if (semver == null) {
                continue; // never stored: uploads are checked; skip rather than break the whole index
            }
            byChart.computeIfAbsent(row.name(), k -> new ArrayList<>()).add(new Version(row, semver, metadata(row)));
        }
        Map<String, String> repos = new HashMap<>();
        charts.forEach(c -> repos.put(c.name(), c.repo()));
        ObjectNode entries = JsonNodeFactory.instance.objectNode();
        List<Package> packages = new ArrayList<>();
        Map<String, String> search = new HashMap<>();
        Map<String, ChartFile> files = new HashMap<>();
        for (Map.Entry<String, List<Version>> chart : byChart.entrySet()) {
            List<Version> versions = chart.getValue();
            versions.sort(Comparator.comparing(Version::semver).reversed());
            ArrayNode list = entries.putArray(chart.getKey());
            List<PackageVersion> packageVersions = new ArrayList<>();
            for (Version v : versions) {
                String file = fileName(v.row().name(), v.row().version());
                ObjectNode entry = v.metadata().deepCopy();
                entry.putArray("urls").add(file);
                entry.put("created", v.row().created().toString());
                entry.put("digest", v.row().digest());
                list.add(entry);
                files.put(
                        file,
                        new ChartFile(
                                v.row().name(),
                                v.row().version(),
                                v.row().digest(),
                                v.row().size()));
                packageVersions.add(new PackageVersion(
                        v.row().version(),
                        v.metadata().path("appVersion").isTextual()
                                ? v.metadata().get("appVersion").asText()
                                : null,
                        v.row().created(),
                        v.row().digest(),
                        v.row().size(),
                        v.semver().isPrerelease()));
            }
            Version newest = versions.stream()
                    .filter(v -> !v.semver().isPrerelease())
                    .findFirst()
                    .orElse(versions.getFirst());
            packages.add(new Package(
                    chart.getKey(),
                    repos.getOrDefault(chart.getKey(), REPO),
                    newest.metadata(),
                    List.copyOf(packageVersions)));
            search.put(chart.getKey(), searchText(chart.getKey(), newest.metadata()));
        }
        Map<String, String> teams = new HashMap<>();
        charts.forEach(c -> teams.put(c.name(), c.teamId()));
        try {
            byte[] entriesYaml = YAML.writeValueAsBytes(entries);
            ObjectNode index = JsonNodeFactory.instance.objectNode();
            index.put("apiVersion", "v1");
            index.set("entries", entries);
            index.put("generated", generated.toString());
            return new Catalogue(
                    generation,
                    YAML.writeValueAsBytes(index),
                    "\"" + sha256(entriesYaml).substring(0, 32) + "\"",
                    List.copyOf(packages),
                    packageJson(packages),
                    teams,
                    search,
                    files);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Version(ChartStore.VersionRow row, SemVer semver, ObjectNode metadata) {}

    /** Each package's JSON, written once per build: searches answer by joining them. */
    private static Map<String, byte[]> packageJson(List<Package> packages) throws JsonProcessingException {
        Map<String, byte[]> json = new HashMap<>();
        for (Package p : packages) {
            json.put(p.id(), Json.mapper().writeValueAsBytes(p));
        }
        return json;
    }

    /** The JSON array of {@code found}, from the JSON written at build time (what Jackson writes for the list). */
    private byte[] join(List<Package> found) {
        int size = 2 + Math.max(0, found.size() - 1);
        for (Package p : found) {
            size += packageJson.get(p.id()).length;
        }
        byte[] out = new byte[size];
        out[0] = '[';
        int at = 1;
        for (int i = 0; i < found.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] one = packageJson.get(found.get(i).id());
            System.arraycopy(one, 0, out, at, one.length);
            at += one.length;
        }
        out[at] = ']';
        return out;
    }

    private static ObjectNode metadata(ChartStore.VersionRow row) {
        try {
            return (ObjectNode) Json.mapper().readTree(row.metadata());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The download file name of a chart version, as {@code helm package} names it. */
    public static String fileName(String name, String version) {
        return name + "-" + version + ".tgz";
    }

    /** Name, description and keywords in lower case: what {@code ?query=} searches. */
    private static String searchText(String name, JsonNode metadata) {
        StringBuilder b = new StringBuilder(name).append('\n');
        b.append(metadata.path("description").asText("")).append('\n');
        metadata.path("keywords").forEach(k -> b.append(k.asText()).append('\n'));
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The packages matching {@code query} (every word, case-insensitively, in the name, description
     * or keywords; all when blank) of {@code repo} (any when null), by name.
     */
    public List<Package> search(String query, String repo) {
        boolean anyQuery = query == null || query.isBlank();
        if (anyQuery && repo == null) {
            return packages;
        }
        String[] words =
                anyQuery ? new String[0] : query.toLowerCase(Locale.ROOT).trim().split("\\s+");
        List<Package> found = new ArrayList<>();
        for (Package p : packages) {
            if (repo != null && !repo.equals(p.repo())) {
                continue;
            }
            String text = searchText.get(p.id());
            boolean all = true;
            for (String w : words) {
                if (!text.contains(w)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                found.add(p);
            }
        }
        return found;
    }

    /** {@link #search} as the JSON {@code GET /packages} answers, without serialising anything per request. */
    public io.keyport.backend.http.Http.Prebuilt searchJson(String query, String repo) {
        List<Package> found = search(query, repo);
        return found == packages ? packagesJson : io.keyport.backend.http.Http.Prebuilt.of(join(found));
    }

    public long generation() {
        return generation;
    }

    /** {@code index.yaml}; do not modify its arrays. */
    public io.keyport.backend.http.Http.Prebuilt indexYaml() {
        return indexYaml;
    }

    /**
     * The index's strong ETag (quoted): a hash of its entries, so it changes with the catalogue and
     * is the same on every replica that has the same catalogue, whatever its {@code generated} says.
     */
    public String etag() {
        return etag;
    }

    /**
     * {@code index.yaml} gzip-compressed, for clients that accept it (Helm's Go client asks for gzip
     * by itself): compressed once per catalogue, on the first request that wants it; do not modify.
     */
    public io.keyport.backend.http.Http.Prebuilt indexGzip() {
        io.keyport.backend.http.Http.Prebuilt gzip = indexGzip;
        if (gzip == null) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) (indexYaml.length() / 8 + 64));
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 64 * 1024)) {
                for (byte[] slice : indexYaml.slices()) {
                    gz.write(slice);
                }
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
            gzip = io.keyport.backend.http.Http.Prebuilt.of(out.toByteArray());
            indexGzip = gzip;
        }
        return gzip;
    }

    /** The ETag of {@link #indexGzip()}: another representation, so another strong tag. */
    public String etagGzip() {
        return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }

    /** Every package as JSON, as {@code GET /packages} answers without filters; do not modify. */
    public io.keyport.backend.http.Http.Prebuilt packagesJson() {
        return packagesJson;
    }

    public java.util.Optional<Package> get(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }

    /** The owning team of a chart, or null. */
    public String team(String name) {
        return teams.get(name);
    }

    public java.util.Optional<ChartFile> file(String fileName) {
        return java.util.Optional.ofNullable(files.get(fileName));
    }

    /** The number of chart versions. */
    public int versionCount() {
        return files.size();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty catalogue (before the first build). */
    static Catalogue empty(Instant now) {
        return build(-1, List.of(), List.of(), now);
    }
}
