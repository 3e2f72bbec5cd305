package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The request-target rules that run before routing ({@link ObservabilityFilter#checkTarget}): any
 * raw path is either refused with a 4xx, or it names a resource plainly. Accepted means that, once
 * percent-decoded the way the router decodes it, no segment is {@code .} or {@code ..}, none is
 * empty (but the root, and the last one under {@code /v2/}, where the registry protocol ends paths
 * with a slash), and no {@code ;}, {@code /} or {@code \} hides inside a segment.
 */
class RequestTargetFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyTargetIsRefusedOrPlain(FuzzedDataProvider data) {
        String query = data.consumeBoolean() ? data.consumeString(40) : null;
        String raw = "/" + data.consumeRemainingAsString();
        try {
            ObservabilityFilter.checkTarget(raw, query);
        } catch (ApiException e) {
            assertThat(e.status().code()).as("%s", e.getMessage()).isBetween(400, 499);
            return;
        }
        assertThat(raw).doesNotContain(";");
        String[] segments = raw.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String decoded = percentDecode(segments[i]);
            assertThat(decoded)
                    .as("segment %d of %s", i, raw)
                    .isNotEqualTo(".")
                    .isNotEqualTo("..")
                    .doesNotContain(";")
                    .doesNotContain("/")
                    .doesNotContain("\\")
                    .doesNotContain("\0");
            boolean registryTrailingSlash = raw.startsWith("/v2/") && i == segments.length - 1;
            if (!raw.equals("/") && !registryTrailingSlash) {
                assertThat(decoded).as("segment %d of %s", i, raw).isNotEmpty();
            }
        }
    }

    /** One round of percent-decoding; a malformed escape stays as it is. */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%'
                    && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
