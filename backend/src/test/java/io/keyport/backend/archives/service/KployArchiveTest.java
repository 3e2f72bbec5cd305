package io.keyport.backend.archives.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.archives.KployArchives;
import io.keyport.backend.http.ApiException;
import io.keyport.model.archives.KployMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The streaming zip reader: kploy's sample, and each kind of refusal with its status. */
class KployArchiveTest {

    @Test
    void theSampleReadsAsKployWroteIt() {
        KployMetadata m = KployArchive.read(KployArchives.sample());
        assertThat(m.name()).isEqualTo("test");
        assertThat(m.author()).isEqualTo("Michael Hausenblas");
        assertThat(m.namespace()).isEqualTo("test");
        assertThat(m.source()).isEqualTo("https://github.com/kubernauts/kploy");
        assertThat(m.files()).hasSize(17).startsWith("Kployfile", "__MACOSX/", "__MACOSX/._Kployfile");
    }

    @Test
    void fieldsTheKployfileLeavesOutAreNull() {
        KployMetadata m = KployArchive.read(zip("Kployfile", "name: only\n"));
        assertThat(m.name()).isEqualTo("only");
        assertThat(m.author()).isNull();
        assertThat(m.source()).isNull();
    }

    @Test
    void aZipBombStopsAtTheRatioLongBeforeItsSize() {
        byte[] bomb = KployArchives.bomb(256L << 20);
        long started = System.nanoTime();
        assertThat(status(bomb)).isEqualTo(400);
        assertThat(message(bomb)).contains("zip bomb");
        // the ratio stops it after about 200 times the ~250 KiB read, long before its 256 MiB
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void aTruncatedArchiveIsRefusedByItsEnd() {
        byte[] sample = KployArchives.sample();
        assertThat(status(Arrays.copyOf(sample, sample.length - 1))).isEqualTo(400);
        assertThat(status(Arrays.copyOf(sample, 3000))).isEqualTo(400);
    }

    @Test
    void refusals() {
        assertThat(status("hello".getBytes())).isEqualTo(400);
        assertThat(status(new byte[0])).isEqualTo(400);
        assertThat(status(zip("services/x.yaml", "a: b\n"))).isEqualTo(422);
        assertThat(status(zip("Kployfile", "just text"))).isEqualTo(422);
        assertThat(status(zip("Kployfile", "name: [1, 2]\n"))).isEqualTo(422);
        assertThat(status(zip("Kployfile", "name: " + "n".repeat(KployArchive.MAX_FIELD + 1) + "\n")))
                .isEqualTo(422);
        Map<String, byte[]> traversal = new LinkedHashMap<>();
        traversal.put("Kployfile", "name: x\n".getBytes());
        traversal.put("a/../../b", new byte[1]);
        assertThat(status(KployArchives.zip(traversal, ZipEntry.DEFLATED))).isEqualTo(400);
    }

    private static byte[] zip(String name, String content) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(name, content.getBytes(StandardCharsets.UTF_8));
        return KployArchives.zip(entries, ZipEntry.DEFLATED);
    }

    private static int status(byte[] archive) {
        return refusal(archive).status().code();
    }

    private static String message(byte[] archive) {
        return refusal(archive).message();
    }

    private static ApiException refusal(byte[] archive) {
        try {
            KployArchive.read(archive);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void theSevenBitArchiveOfTheTestTablesIsAnAppArchive() {
        String text = KployArchives.asciiApp("matrix-delete");
        assertThat(text.chars()).allMatch(c -> c < 0x80);
        assertThat(KployArchive.read(text.getBytes(StandardCharsets.US_ASCII)).name())
                .isEqualTo("matrix-delete");
    }

    /** YAML anchors are not expanded (the YAML reader keeps an alias as it is), so nine levels of nine cost nothing. */
    @Test
    void aBillionLaughsKployfileCostsNothing() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            yaml.append("]\n");
        }
        long started = System.nanoTime();
        KployMetadata m =
                KployArchive.read(zip("Kployfile", yaml.append("name: laughs\n").toString()));
        assertThat(m.name()).isEqualTo("laughs");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void aValidArchiveIsRead() {
        assertThat(KployArchive.read(KployArchives.app("fine")).name()).isEqualTo("fine");
    }
}
