package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads and checks a Helm chart archive ({@code .tgz}) as it streams by, holding only the few files
 * the catalogue needs. Accepted is a gzip-compressed tar with exactly one top-level directory that
 * holds {@code Chart.yaml} (apiVersion v1 or v2, a name equal to the directory's, a SemVer 2
 * version), a {@code values.yaml} that parses as YAML if present, and a {@code values.schema.json}
 * that parses as a JSON object if present and whose references all stay inside it
 * ({@link ValuesSchema#outsideReference}: no {@code classpath:}, {@code file:} or {@code http(s):}
 * {@code $ref}). Refused: absolute paths, {@code ..}, backslashes and
 * control characters in paths, the same path twice, links that point outside the chart, other entry
 * types, and anything that decompresses to more than the limits allow (tar and gzip bombs).
 *
 * <p>It does not render templates or check their syntax (that is Helm's job at install time), and
 * it does not verify provenance files.
 */
public final class ChartArchive {

    /**
     * How much an archive may unpack to: in all, per file, and in entries.
     *
     * @param maxUncompressed the whole decompressed tar stream, headers included
     * @param maxFileSize     any one file
     * @param maxEntries      files, directories and links together
     */
    public record Limits(long maxUncompressed, long maxFileSize, int maxEntries) {
        /** Helm's own defaults for loading a chart: 100 MiB in all, 5 MiB per file. */
        public static final Limits DEFAULT = new Limits(100L << 20, 5L << 20, 10_000);
    }

    /**
     * What the catalogue keeps of a chart.
     *
     * @param name         the chart's name (= its directory)
     * @param version      its SemVer 2 version
     * @param metadata     {@code Chart.yaml} as JSON, only the fields of Helm's chart metadata, in their order
     * @param valuesYaml   {@code values.yaml} as written (comments included), or null
     * @param valuesSchema {@code values.schema.json} as parsed, or null
     * @param readme       {@code README.md} (or another top-level readme), or null
     */
    public record Chart(
            String name,
            SemVer version,
            ObjectNode metadata,
            String valuesYaml,
            JsonNode valuesSchema,
            String readme) {}

    /** Chart names as Helm accepts them, starting with a letter or digit, and short enough for keys and URLs. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** The fields of Helm's chart metadata that an index entry may carry ({@code helm repo add} reads it strictly). */
    private static final List<String> STRING_FIELDS = List.of(
            "name",
            "home",
            "version",
            "description",
            "icon",
            "apiVersion",
            "condition",
            "tags",
            "appVersion",
            "kubeVersion",
            "type");

    private static final List<String> FIELD_ORDER = List.of(
            "apiVersion",
            "name",
            "version",
            "appVersion",
            "description",
            "type",
            "home",
            "icon",
            "sources",
            "keywords",
            "maintainers",
            "kubeVersion",
            "condition",
            "tags",
            "deprecated",
            "annotations",
            "dependencies");

    private static final Set<String> DEPENDENCY_FIELDS =
            Set.of("name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias");

    private static final ObjectMapper YAML =
            new YAMLMapper(YAMLFactory.builder().loaderOptions(yamlLimits()).build());

    private ChartArchive() {}

    private static LoaderOptions yamlLimits() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50); // no "billion laughs"
        options.setCodePointLimit(6 << 20);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /**
     * Reads a whole chart archive from {@code gzipped}, which it reads to the end of the gzip stream
     * (so its checksum is verified); refuses it with an {@link InvalidChartException} saying why.
     *
     * @throws IOException only when {@code gzipped} itself fails to deliver bytes
     */
    public static Chart read(InputStream gzipped, Limits limits) throws IOException {
        InputStream tar;
        try {
            tar = new Bounded(new GZIPInputStream(gzipped, 8192), limits.maxUncompressed());
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidChartException("the chart is not a gzip-compressed tar archive (.tgz)");
        }
        try {
            Chart chart = readTar(new TarReader(tar, limits.maxFileSize()), limits);
            tar.transferTo(java.io.OutputStream.nullOutputStream()); // to the gzip trailer and its CRC
            return chart;
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidChartException("the gzip stream is corrupt or truncated");
        }
    }

    private static Chart readTar(TarReader reader, Limits limits) throws IOException {
        String top = null;
        Set<String> seen = new HashSet<>();
        byte[] chartYaml = null;
        byte[] valuesYaml = null;
        byte[] schema = null;
        byte[] readme = null;
        int entries = 0;
        for (TarReader.Entry e = reader.next(); e != null; e = reader.next()) {
            if (++entries > limits.maxEntries()) {
                throw new InvalidChartException("the chart has more than " + limits.maxEntries() + " entries", true);
            }
            List<String> segments = segments(e.path());
            if (top == null) {
                top = segments.getFirst();
            } else if (!top.equals(segments.getFirst())) {
                throw new InvalidChartException("the chart must have exactly one top-level directory, found "
                        + quote(top) + " and " + quote(segments.getFirst()));
            }
            if (e.type() != TarReader.Type.DIRECTORY && segments.size() == 1) {
                throw new InvalidChartException(
                        "the chart must have exactly one top-level directory, found the file " + quote(top));
            }
            String path = String.join("/", segments);
            if (!seen.add(path) && e.type() != TarReader.Type.DIRECTORY) {
                throw new InvalidChartException("the archive holds " + quote(path) + " twice");
            }
            if (e.type() == TarReader.Type.SYMLINK || e.type() == TarReader.Type.HARDLINK) {
                checkLink(segments, e);
                continue;
            }
            if (e.type() != TarReader.Type.FILE || segments.size() != 2) {
                continue;
            }
            String file = segments.get(1);
            switch (file) {
                case "Chart.yaml" -> chartYaml = reader.content().readAllBytes();
                case "values.yaml" -> valuesYaml = reader.content().readAllBytes();
                case "values.schema.json" -> schema = reader.content().readAllBytes();
                default -> {
                    if (readme == null && file.toLowerCase(Locale.ROOT).matches("readme(\\.md|\\.txt)?")) {
                        readme = reader.content().readAllBytes();
                    }
                }
            }
        }
        if (top == null) {
            throw new InvalidChartException("the archive is empty");
        }
        if (chartYaml == null) {
            throw new InvalidChartException("the chart has no " + top + "/Chart.yaml");
        }
        ObjectNode metadata = metadata(chartYaml, top);
        SemVer version = SemVer.parse(metadata.path("version").asText()).orElseThrow();
        String values = null;
        if (valuesYaml != null) {
            values = utf8(valuesYaml, "values.yaml");
            parseYaml(values, "values.yaml");
        }
        JsonNode valuesSchema = null;
        if (schema != null) {
            valuesSchema = schema(schema);
        }
        return new Chart(
                top, version, metadata, values, valuesSchema, readme == null ? null : utf8(readme, "the readme"));
    }

    /** A path's segments without {@code .} and empty ones; refuses absolute paths, {@code ..} and odd characters. */
    static List<String> segments(String path) {
        if (path.isEmpty()) {
            throw new InvalidChartException("an entry of the archive has an empty path");
        }
        if (path.startsWith("/")) {
            throw new InvalidChartException("the archive holds an absolute path: " + quote(path));
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidChartException(
                        "the archive holds a path with a backslash or a control character: " + quote(path));
            }
        }
        if (path.length() >= 2 && path.charAt(1) == ':') {
            throw new InvalidChartException("the archive holds a path with a drive letter: " + quote(path));
        }
        List<String> segments = new java.util.ArrayList<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                throw new InvalidChartException("the archive holds a path that leaves the chart: " + quote(path));
            }
            if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            throw new InvalidChartException("an entry of the archive has an empty path: " + quote(path));
        }
        return segments;
    }

    /**
     * A link may point only inside the chart directory: not absolute, and not above the directory
     * once resolved (a symbolic link from its own folder, a hard link from the archive's root).
     */
    private static void checkLink(List<String> linkPath, TarReader.Entry e) {
        String target = e.linkTarget();
        if (target == null
                || target.isEmpty()
                || target.startsWith("/")
                || target.contains("\\")
                || (target.length() >= 2 && target.charAt(1) == ':')) {
            throw new InvalidChartException("the link " + quote(e.path()) + " points outside the chart");
        }
        Deque<String> resolved = new ArrayDeque<>();
        if (e.type() == TarReader.Type.SYMLINK) {
            resolved.addAll(linkPath.subList(0, linkPath.size() - 1));
        }
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (resolved.size() <= 1) {
                    throw new InvalidChartException("the link " + quote(e.path()) + " points outside the chart");
                }
                resolved.removeLast();
            } else {
                resolved.addLast(s);
            }
        }
        if (resolved.isEmpty() || !resolved.getFirst().equals(linkPath.getFirst())) {
            throw new InvalidChartException("the link " + quote(e.path()) + " points outside the chart");
        }
    }

    private static ObjectNode metadata(byte[] bytes, String directory) {
        JsonNode tree = parseYaml(utf8(bytes, "Chart.yaml"), "Chart.yaml");
        if (!tree.isObject()) {
            throw new InvalidChartException("Chart.yaml must be a YAML mapping");
        }
        String apiVersion =
                tree.path("apiVersion").isTextual() ? tree.get("apiVersion").asText() : null;
        if (!"v1".equals(apiVersion) && !"v2".equals(apiVersion)) {
            throw new InvalidChartException("Chart.yaml: apiVersion must be v1 or v2");
        }
        JsonNode name = tree.path("name");
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw new InvalidChartException("Chart.yaml: name is required");
        }
        if (!NAME.matcher(name.asText()).matches()) {
            throw new InvalidChartException(
                    "Chart.yaml: name must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!name.asText().equals(directory)) {
            throw new InvalidChartException("Chart.yaml: name " + quote(name.asText())
                    + " must equal the chart's directory " + quote(directory));
        }
        JsonNode version = tree.path("version");
        if (!version.isTextual() || SemVer.parse(version.asText()).isEmpty()) {
            throw new InvalidChartException("Chart.yaml: version must be a SemVer 2 version such as 1.2.3");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String field : FIELD_ORDER) {
            JsonNode value = tree.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            out.set(field, checked(field, value));
        }
        return out;
    }

    /** A known metadata field with the type Helm's {@code Metadata} gives it; anything else is refused. */
    private static JsonNode checked(String field, JsonNode value) {
        if (field.equals("appVersion") && (value.isNumber() || value.isBoolean())) {
            return JsonNodeFactory.instance.textNode(value.asText()); // appVersion: 1.16 means the text
        }
        if (STRING_FIELDS.contains(field)) {
            require(value.isTextual(), field, "text");
            if (field.equals("type")) {
                require(
                        value.asText().equals("application") || value.asText().equals("library"),
                        field,
                        "application or library");
            }
            return value;
        }
        switch (field) {
            case "sources", "keywords" -> {
                require(value.isArray(), field, "a list of text");
                value.forEach(v -> require(v.isTextual(), field, "a list of text"));
            }
            case "deprecated" -> require(value.isBoolean(), field, "true or false");
            case "annotations" -> {
                require(value.isObject(), field, "a map of text");
                value.forEach(v -> require(v.isTextual(), field, "a map of text"));
            }
            case "maintainers" -> {
                require(value.isArray(), field, "a list of {name, email, url}");
                for (JsonNode m : value) {
                    require(m.isObject(), field, "a list of {name, email, url}");
                    m.properties()
                            .forEach(p -> require(
                                    Set.of("name", "email", "url").contains(p.getKey())
                                            && p.getValue().isTextual(),
                                    field,
                                    "a list of {name, email, url}"));
                }
            }
            case "dependencies" -> {
                require(value.isArray(), field, "a list of dependencies");
                for (JsonNode d : value) {
                    require(d.isObject() && d.path("name").isTextual(), field, "a list of dependencies with names");
                    for (Map.Entry<String, JsonNode> p : d.properties()) {
                        require(DEPENDENCY_FIELDS.contains(p.getKey()), field, "dependencies with Helm's fields");
                        JsonNode v = p.getValue();
                        switch (p.getKey()) {
                            case "enabled" -> require(v.isBoolean(), field, "dependencies with enabled true or false");
                            case "tags" -> {
                                require(v.isArray(), field, "dependencies with tags as a list of text");
                                v.forEach(t -> require(t.isTextual(), field, "dependencies with tags as text"));
                            }
                            case "import-values" ->
                                require(v.isArray(), field, "dependencies with import-values as a list");
                            default -> require(v.isTextual(), field, "dependencies with text " + p.getKey());
                        }
                    }
                }
            }
            default -> throw new IllegalStateException(field);
        }
        return value;
    }

    private static void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new InvalidChartException("Chart.yaml: " + field + " must be " + what);
        }
    }

    private static JsonNode parseYaml(String text, String file) {
        try {
            JsonNode tree = YAML.readTree(text);
            return tree == null ? JsonNodeFactory.instance.missingNode() : tree;
        } catch (JacksonException e) {
            throw new InvalidChartException(file + " is not valid YAML" + line(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (aliases, nesting, size) surface as its runtime exceptions
            throw new InvalidChartException(file + " is not acceptable YAML: too large, too deep or too many aliases");
        }
    }

    private static JsonNode schema(byte[] bytes) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(utf8(bytes, "values.schema.json"));
        } catch (JacksonException e) {
            throw new InvalidChartException("values.schema.json is not valid JSON" + line(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidChartException("values.schema.json must be a JSON object (a JSON Schema)");
        }
        String outside = ValuesSchema.outsideReference(tree);
        if (outside != null) {
            throw new InvalidChartException("values.schema.json: " + outside);
        }
        return tree;
    }

    private static String line(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? ""
                : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static String utf8(byte[] bytes, String file) {
        for (byte b : bytes) {
            if (b == 0) {
                throw new InvalidChartException(file + " must not contain NUL characters");
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidChartException(file + " is not UTF-8 text");
        }
    }

    private static String quote(String text) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        StringBuilder b = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('\'').toString();
    }

    /** Stops a decompressed stream at {@code limit} bytes: more is a bomb. */
    private static final class Bounded extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new InvalidChartException("the chart decompresses to more than " + limit + " bytes", true);
            }
        }
    }
}
