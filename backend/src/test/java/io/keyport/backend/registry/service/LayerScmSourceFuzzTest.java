package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.backend.registry.TarLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A pushed layer scanned for scm-source.json, on any bytes: raw, and a valid tar entry followed by
 * fuzzed bytes, gzip-compressed so the fuzzer reaches the tar code. A layer is "found" or "none";
 * never an exception.
 */
class LayerScmSourceFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyLayerIsScannedWithoutFailing(FuzzedDataProvider data) throws IOException {
        boolean wrap = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        byte[] input = bytes;
        if (wrap) {
            byte[] head = TarLayers.tar(Map.of("bin/x", new byte[7]));
            byte[] tar = java.util.Arrays.copyOf(head, head.length - 1024 + bytes.length);
            System.arraycopy(bytes, 0, tar, head.length - 1024, bytes.length);
            input = TarLayers.gzip(tar);
        }
        var found = LayerScmSource.find(new ByteArrayInputStream(input));
        found.ifPresent(
                f -> assertThat(f.url() == null || f.url().length() <= 2048).isTrue());
    }
}
