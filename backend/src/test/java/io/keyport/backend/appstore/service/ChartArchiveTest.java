package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.appstore.TestCharts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart archive checks, one refusal per way an archive can be wrong, and the controls that pass. */
class ChartArchiveTest {

    private static final ChartArchive.Limits SMALL = new ChartArchive.Limits(2L << 20, 256 * 1024, 50);

    private static ChartArchive.Chart read(byte[] tgz) throws IOException {
        return ChartArchive.read(new ByteArrayInputStream(tgz), SMALL);
    }

    @Test
    void readsAValidChart() throws IOException {
        ChartArchive.Chart chart = read(TestCharts.chart("nginx", "1.2.3-rc.1+b7"));
        assertThat(chart.name()).isEqualTo("nginx");
        assertThat(chart.version().toString()).isEqualTo("1.2.3-rc.1+b7");
        assertThat(chart.metadata().get("apiVersion").asText()).isEqualTo("v2");
        assertThat(chart.metadata().get("keywords")).hasSize(2);
        assertThat(chart.valuesYaml()).startsWith("# how many pods");
        assertThat(chart.valuesSchema().path("properties").has("replicaCount")).isTrue();
        assertThat(chart.readme()).contains("Installs nginx");
    }

    @Test
    void keepsOnlyHelmsMetadataFieldsAndMakesANumericAppVersionText() throws IOException {
        byte[] tgz = new TestCharts.Builder()
                .file("app/Chart.yaml", "apiVersion: v1\nname: app\nversion: 0.1.0\nappVersion: 1.16\nfancy: yes\n")
                .gzip();
        ChartArchive.Chart chart = read(tgz);
        assertThat(chart.metadata().get("appVersion").isTextual()).isTrue();
        assertThat(chart.metadata().get("appVersion").asText()).isEqualTo("1.16");
        assertThat(chart.metadata().has("fancy")).isFalse();
        assertThat(chart.valuesYaml()).isNull();
        assertThat(chart.valuesSchema()).isNull();
    }

    @Test
    void acceptsLinksInsideTheChartAndLongPaths() throws IOException {
        String longName = "app/templates/" + "x".repeat(150) + ".yaml";
        byte[] tgz = TestCharts.standard("app", "1.0.0", "d", List.of())
                .symlink("app/templates/link.yaml", "deployment.yaml")
                .symlink("app/templates/up.yaml", "../values.yaml")
                .hardlink("app/copy.yaml", "app/values.yaml")
                .file(longName, "kind: ConfigMap\n")
                .gzip();
        assertThat(read(tgz).name()).isEqualTo("app");
    }

    static Stream<Arguments> refusals() {
        String ok = TestCharts.chartYaml("app", "1.0.0", "d", List.of());
        return Stream.of(
                bad("not gzip", "plain text".getBytes(StandardCharsets.UTF_8), "gzip"),
                bad("empty body", new byte[0], "gzip"),
                bad(
                        "gzip of garbage",
                        TestCharts.gzip("not a tar archive at all".repeat(40).getBytes()),
                        "tar"),
                bad("truncated gzip", truncate(TestCharts.chart("app", "1.0.0"), 40), ""),
                bad(
                        "no end-of-archive",
                        new TestCharts.Builder()
                                .file("app/Chart.yaml", ok)
                                .unterminated()
                                .gzip(),
                        "end"),
                bad("empty archive", TestCharts.gzip(new byte[1024]), "empty"),
                bad(
                        "no Chart.yaml",
                        new TestCharts.Builder()
                                .file("app/values.yaml", "a: 1\n")
                                .gzip(),
                        "Chart.yaml"),
                bad(
                        "two top-level directories",
                        builder(ok).file("other/x.yaml", "a: 1").gzip(),
                        "one top-level"),
                bad(
                        "a file at the top level",
                        new TestCharts.Builder().file("Chart.yaml", ok).gzip(),
                        "top-level"),
                bad("absolute path", builder(ok).file("/etc/passwd", "x").gzip(), "absolute"),
                bad("dot-dot path", builder(ok).file("app/../../evil", "x").gzip(), "leaves the chart"),
                bad("backslash path", builder(ok).file("app\\..\\evil", "x").gzip(), "backslash"),
                bad("drive letter", builder(ok).file("C:/evil", "x").gzip(), "drive"),
                bad(
                        "symlink escaping",
                        builder(ok).symlink("app/evil", "../../etc/passwd").gzip(),
                        "link"),
                bad(
                        "absolute symlink",
                        builder(ok).symlink("app/evil", "/etc/passwd").gzip(),
                        "link"),
                bad(
                        "hard link outside",
                        builder(ok).hardlink("app/evil", "other/file").gzip(),
                        "link"),
                bad(
                        "device entry",
                        builder(ok).entry("app/dev", '3', "", new byte[0]).gzip(),
                        "type"),
                bad(
                        "fifo entry",
                        builder(ok).entry("app/fifo", '6', "", new byte[0]).gzip(),
                        "type"),
                bad("same path twice", builder(ok).file("app/Chart.yaml", ok).gzip(), "twice"),
                bad("Chart.yaml not YAML", chartYaml("name: [unclosed"), "YAML"),
                bad("Chart.yaml a list", chartYaml("- a\n- b\n"), "mapping"),
                bad("apiVersion v3", chartYaml("apiVersion: v3\nname: app\nversion: 1.0.0\n"), "apiVersion"),
                bad("no apiVersion", chartYaml("name: app\nversion: 1.0.0\n"), "apiVersion"),
                bad("no name", chartYaml("apiVersion: v2\nversion: 1.0.0\n"), "name"),
                bad("name unlike directory", chartYaml("apiVersion: v2\nname: other\nversion: 1.0.0\n"), "directory"),
                bad("version not semver", chartYaml("apiVersion: v2\nname: app\nversion: 1.0\n"), "SemVer"),
                bad("version with v", chartYaml("apiVersion: v2\nname: app\nversion: v1.0.0\n"), "SemVer"),
                bad("version leading zero", chartYaml("apiVersion: v2\nname: app\nversion: 1.01.0\n"), "SemVer"),
                bad("keywords not a list", chartYaml(ok + "keywords: web\n"), "keywords"),
                bad(
                        "maintainers odd",
                        chartYaml(
                                "apiVersion: v2\nname: app\nversion: 1.0.0\nmaintainers:\n  - name: a\n    phone: 1\n"),
                        "maintainers"),
                bad("type unknown", chartYaml(ok.replace("type: application", "type: plugin")), "type"),
                bad("duplicate key", chartYaml(ok + "name: app\n"), "YAML"),
                bad("alias bomb", chartYaml(ok + aliasBomb()), "Chart.yaml"),
                bad(
                        "values.yaml not YAML",
                        builder(ok).file("app/values.yaml", "a: [1, 2\n").gzip(),
                        "values.yaml"),
                bad(
                        "schema not JSON",
                        builder(ok)
                                .file("app/values.schema.json", "{\"type\": ")
                                .gzip(),
                        "JSON"),
                bad(
                        "schema a list",
                        builder(ok).file("app/values.schema.json", "[1,2]").gzip(),
                        "JSON object"),
                bad(
                        "schema not UTF-8",
                        builder(ok)
                                .file("app/values.schema.json", new byte[] {(byte) 0xff, '{', '}'})
                                .gzip(),
                        "UTF-8"),
                badRef("schema $ref classpath:", "{\"$ref\":\"classpath:/openapi/appstore.yaml\"}"),
                badRef("schema $ref file:", "{\"$ref\":\"file:///etc/passwd\"}"),
                badRef("schema $ref http:", "{\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1:9/s.json\"}}}"),
                badRef(
                        "schema $ref https:",
                        "{\"definitions\":{\"x\":{\"items\":[{\"$ref\":\"https://127.0.0.1:9/s#\"}]}}}"),
                badRef("schema $ref relative", "{\"$ref\":\"other.schema.json#/a\"}"),
                badRef("schema $dynamicRef file:", "{\"$dynamicRef\":\"file:/etc/passwd\"}"),
                bad(
                        "schema $schema file:",
                        builder(ok)
                                .file("app/values.schema.json", "{\"$schema\":\"file:///etc/passwd\"}")
                                .gzip(),
                        "$schema"),
                bad(
                        "NUL in values",
                        builder(ok).file("app/values.yaml", "a: \"\0\"\n").gzip(),
                        "NUL"),
                bad("bad checksum", corruptChecksum(builder(ok).tar()), "checksum"),
                bad(
                        "file over the per-file limit",
                        builder(ok).zeros("app/big", 300 * 1024).gzip(),
                        "larger"),
                bad("tar bomb", TestCharts.gzipBomb("app", 12, 200 * 1024), "decompresses"),
                bad("too many entries", manyEntries(ok, 60), "entries"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(byte[] tgz, String reason) {
        assertThatThrownBy(() -> read(tgz))
                .isInstanceOf(InvalidChartException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void sizeRefusalsAreMarkedTooLarge() {
        assertThatThrownBy(() -> read(TestCharts.gzipBomb("app", 12, 200 * 1024)))
                .isInstanceOfSatisfying(
                        InvalidChartException.class,
                        e -> assertThat(e.tooLarge()).isTrue());
        assertThatThrownBy(() -> read(TestCharts.chart("app", "1.0")))
                .isInstanceOfSatisfying(
                        InvalidChartException.class,
                        e -> assertThat(e.tooLarge()).isFalse());
    }

    private static Arguments badRef(String name, String schema) {
        return bad(
                name,
                builder("apiVersion: v2\nname: app\nversion: 1.0.0\n")
                        .file("app/values.schema.json", schema)
                        .gzip(),
                "points outside the schema");
    }

    @Test
    void referencesInsideTheSchemaAndTheDraftsItNamesAreAccepted() throws IOException {
        String schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"$id\":\"https://example.org/v\","
                + "\"definitions\":{\"port\":{\"type\":\"integer\"}},\"properties\":{"
                + "\"port\":{\"$ref\":\"#/definitions/port\"},\"$ref\":{\"type\":\"string\"}}}";
        ChartArchive.Chart chart = read(builder("apiVersion: v2\nname: app\nversion: 1.0.0\n")
                .file("app/values.schema.json", schema)
                .gzip());
        assertThat(chart.valuesSchema().path("properties").has("$ref"))
                .as("a value named $ref is a property, not a reference")
                .isTrue();
    }

    private static Arguments bad(String name, byte[] tgz, String reason) {
        return Arguments.of(Named.of(name, tgz), reason);
    }

    private static TestCharts.Builder builder(String chartYaml) {
        return new TestCharts.Builder().dir("app/").file("app/Chart.yaml", chartYaml);
    }

    private static byte[] chartYaml(String text) {
        return new TestCharts.Builder().file("app/Chart.yaml", text).gzip();
    }

    private static byte[] truncate(byte[] bytes, int keep) {
        return java.util.Arrays.copyOf(bytes, keep);
    }

    private static byte[] corruptChecksum(byte[] tar) {
        byte[] copy = tar.clone();
        copy[150] = '7';
        copy[151] = '7';
        return TestCharts.gzip(copy);
    }

    private static byte[] manyEntries(String chartYaml, int n) {
        TestCharts.Builder b = builder(chartYaml);
        for (int i = 0; i < n; i++) {
            b.file("app/templates/t" + i + ".yaml", "a: 1\n");
        }
        return b.gzip();
    }

    private static String aliasBomb() {
        StringBuilder b = new StringBuilder("annotations:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        String prev = "a";
        for (char c = 'b'; c <= 'k'; c++) {
            b.append("  ").append(c).append(": &").append(c).append(" [*").append(prev);
            for (int i = 0; i < 8; i++) {
                b.append(", *").append(prev);
            }
            b.append("]\n");
            prev = String.valueOf(c);
        }
        return b.toString();
    }
}
