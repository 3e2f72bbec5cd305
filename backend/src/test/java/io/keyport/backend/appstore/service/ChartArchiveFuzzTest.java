package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.backend.appstore.TestCharts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The chart archive parser on any bytes: raw input, and tar streams (valid chart entries followed by
 * fuzzed bytes) gzip-compressed so the fuzzer reaches the tar and YAML code. Anything is either a
 * chart or an {@link InvalidChartException}; never another exception, never more memory than the limits.
 */
class ChartArchiveFuzzTest {

    private static final ChartArchive.Limits LIMITS = new ChartArchive.Limits(1L << 20, 256 * 1024, 100);

    @FuzzTest(maxDuration = "10s")
    void anyBytesAreAChartOrRefused(FuzzedDataProvider data) throws IOException {
        boolean wrap = data.consumeBoolean();
        boolean prefix = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        byte[] input = bytes;
        if (wrap) {
            byte[] tar = prefix
                    ? concat(
                            TestCharts.standard("app", "1.0.0", "d", List.of())
                                    .unterminated()
                                    .tar(),
                            bytes)
                    : bytes;
            input = TestCharts.gzip(tar);
        }
        try {
            ChartArchive.Chart chart = ChartArchive.read(new ByteArrayInputStream(input), LIMITS);
            assertThat(chart.name()).isNotEmpty();
            assertThat(SemVer.parse(chart.version().toString())).isPresent();
        } catch (InvalidChartException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
