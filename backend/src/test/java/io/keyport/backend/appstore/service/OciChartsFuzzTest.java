package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart layers of a pushed manifest, read from any bytes (the registry checked the manifest
 * already, but this reader must not depend on it): a list of digests, never an exception.
 */
class OciChartsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyManifestBytesGiveAListOfLayers(FuzzedDataProvider data) {
        boolean asManifest = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        byte[] input = asManifest
                ? ("{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"" + OciCharts.CHART_LAYER + "\",\"digest\":"
                                + text + "}]}")
                        .getBytes(StandardCharsets.UTF_8)
                : text.getBytes(StandardCharsets.UTF_8);
        List<String> layers = OciCharts.chartLayers(input);
        assertThat(layers).doesNotContainNull();
    }

    @Test
    void onlyLayersOfHelmsChartTypeCount() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + OciCharts.CONFIG
                + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":["
                + "{\"mediaType\":\"" + OciCharts.CHART_LAYER + "\",\"digest\":\"sha256:" + "b".repeat(64)
                + "\",\"size\":3},"
                + "{\"mediaType\":\"application/vnd.cncf.helm.chart.provenance.v1.prov\",\"digest\":\"sha256:"
                + "c".repeat(64) + "\",\"size\":4}]}";
        assertThat(OciCharts.chartLayers(manifest.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("sha256:" + "b".repeat(64));
        assertThat(OciCharts.chartLayers("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(OciCharts.chartLayers(new byte[0])).isEmpty();
    }
}
