package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The metadata reader and canonical JSON on any input: bytes are either refused as
 * {@link TufException.Reason#MALFORMED} (never another exception) or read into metadata whose canonical
 * {@code signed} bytes equal the canonical form of the input's own {@code signed} object (so signatures
 * survive), and which reads back equal from both written forms. Seeds: fixture files from tuf-js and
 * python-tuf in {@code TufMetadataFuzzTestInputs}.
 */
class TufMetadataFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesAreRefusedCleanlyOrRoundTrip(byte[] data) {
        Metadata<Signed> md;
        try {
            md = Metadata.fromBytes(data);
        } catch (TufException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(TufException.Reason.MALFORMED);
            return;
        }
        JsonNode raw = TufJson.parse(data);
        assertThat(md.signedBytes()).isEqualTo(TufJson.canonical(raw.get("signed")));
        assertThat(TufJson.canonical(md.toJson())).isEqualTo(TufJson.canonical(raw));
        assertThat(Metadata.fromBytes(md.toBytes())).isEqualTo(md);
        assertThat(Metadata.fromBytes(md.toPrettyBytes())).isEqualTo(md);
    }
}
