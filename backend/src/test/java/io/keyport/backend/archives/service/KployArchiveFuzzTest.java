package io.keyport.backend.archives.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ErrorFieldFamily;
import io.keyport.model.archives.KployMetadata;

/**
 * The zip and Kployfile reader on any bytes (seeded with kploy's sample archive): it either
 * answers the metadata of an archive with a Kployfile and safe entry names, or refuses with a 4xx
 * of the archive family; never another exception, never a hang (inflation is bounded).
 */
class KployArchiveFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesAreAnAppArchiveOrA4xx(byte[] bytes) {
        KployMetadata metadata;
        try {
            metadata = KployArchive.read(bytes);
        } catch (ApiException e) {
            assertThat(e.code().family()).isSameAs(ErrorFieldFamily.FAMILY);
            assertThat(e.status().code()).isBetween(400, 499);
            return;
        }
        assertThat(metadata.files()).contains(KployArchive.KPLOYFILE);
        assertThat(metadata.files())
                .allSatisfy(name -> assertThat(name)
                        .doesNotStartWith("/")
                        .doesNotContain("\\")
                        .isNotEqualTo("..")
                        .doesNotStartWith("../")
                        .doesNotContain("/../"));
    }
}
