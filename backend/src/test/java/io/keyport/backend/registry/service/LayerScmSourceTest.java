package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.registry.TarLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding scm-source.json in a layer as a stream, and everything that is not one. */
class LayerScmSourceTest {

    private static final byte[] SCM = "{\"url\":\"git:x/app\",\"revision\":\"r1\",\"author\":\"ann\",\"status\":\"\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static Optional<LayerScmSource.Found> find(byte[] layer) throws IOException {
        return LayerScmSource.find(new ByteArrayInputStream(layer));
    }

    private static Map<String, byte[]> files(String scmPath) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("bin/app", new byte[3000]);
        files.put(scmPath, SCM);
        files.put("etc/after", new byte[10]);
        return files;
    }

    @Test
    void findsTheFileAtTheRootOfAGzipOrPlainTar() throws IOException {
        LayerScmSource.Found expected = new LayerScmSource.Found("git:x/app", "r1", "ann", "");
        assertThat(find(TarLayers.tarGz(files("scm-source.json")))).contains(expected);
        assertThat(find(TarLayers.tarGz(files("./scm-source.json")))).contains(expected);
        assertThat(find(TarLayers.tar(files("scm-source.json")))).contains(expected);
    }

    @Test
    void aFileOfThatNameElsewhereIsNotIt() throws IOException {
        assertThat(find(TarLayers.tarGz(files("app/scm-source.json")))).isEmpty();
    }

    @Test
    void stopsReadingAtTheFile() throws IOException {
        byte[] tar = TarLayers.tar(files("scm-source.json"));
        // a stream that fails past the file's block: the scan never gets there
        int usable = 512 + 3072 + 512 + 512;
        InputStream in = new ByteArrayInputStream(Arrays.copyOf(tar, usable)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new AssertionError("read past scm-source.json");
                }
                return n;
            }
        };
        assertThat(LayerScmSource.find(in)).isPresent();
    }

    @Test
    void anythingElseIsNoneFound() throws IOException {
        assertThat(find(new byte[0])).isEmpty();
        assertThat(find("{\"not\":\"a tar\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(find(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3})).isEmpty();
        byte[] tar = TarLayers.tarGz(files("scm-source.json"));
        assertThat(find(Arrays.copyOf(tar, tar.length / 2))).isEmpty();
        Map<String, byte[]> notJson = Map.of("scm-source.json", "[1,2".getBytes(StandardCharsets.UTF_8));
        assertThat(find(TarLayers.tar(notJson))).isEmpty();
    }

    @Test
    void fieldsOfOtherTypesAreTextAndLongOnesAreCut() {
        Optional<LayerScmSource.Found> found =
                LayerScmSource.parse(("{\"url\":\"" + "u".repeat(3000) + "\",\"revision\":7,\"author\":{\"n\":1}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(found).isPresent();
        assertThat(found.get().url()).hasSize(2048);
        assertThat(found.get().revision()).isEqualTo("7");
        assertThat(found.get().author()).isEqualTo("{\"n\":1}");
        assertThat(found.get().status()).isNull();
    }
}
