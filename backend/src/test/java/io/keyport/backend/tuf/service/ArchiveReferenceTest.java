package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Archive artifacts of approval-gated targets (decision 0053): kploy ids and blob names, nothing else. */
class ArchiveReferenceTest {

    private static final String ID = "0123456789abcdef".repeat(4);

    @Test
    void anArchiveIdItsBlobNameOrItsDownloadUrlNamesTheArchive() {
        assertThat(ArchiveReference.parse("kploy://" + ID)).contains(ID);
        assertThat(ArchiveReference.parse("kploy://archives/sha256/" + ID)).contains(ID);
        assertThat(ArchiveReference.parse("https://keyport.example.org/api/v1/app/" + ID))
                .contains(ID);
        assertThat(ArchiveReference.parse("http://127.0.0.1:8080/api/v1/app/" + ID))
                .contains(ID);
    }

    @Test
    void anythingElseIsNoArchive() {
        assertThat(ArchiveReference.parse(null)).isEmpty();
        assertThat(ArchiveReference.parse(ID)).isEmpty(); // Kio artifacts are URIs
        assertThat(ArchiveReference.parse("kploy://" + ID.toUpperCase())).isEmpty();
        assertThat(ArchiveReference.parse("kploy://" + ID.substring(1))).isEmpty();
        assertThat(ArchiveReference.parse("kploy://archives/sha256/" + ID + "/x"))
                .isEmpty();
        assertThat(ArchiveReference.parse("kploy://charts/sha256/" + ID)).isEmpty();
        assertThat(ArchiveReference.parse("https://host/api/v1/app/" + ID + "?workspace=x"))
                .isEmpty();
        assertThat(ArchiveReference.parse("https:///api/v1/app/" + ID)).isEmpty();
        assertThat(ArchiveReference.parse("ftp://host/api/v1/app/" + ID)).isEmpty();
        assertThat(ArchiveReference.parse("docker://team-a/shop@sha256:" + ID)).isEmpty();
    }
}
