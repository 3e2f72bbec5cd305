package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.backend.identity.service.Validation;
import io.keyport.backend.kio.service.ApplicationService;
import io.keyport.backend.kio.service.VersionService;
import java.util.function.Consumer;

/**
 * The path and query parsers: ids of applications, versions, teams and users; timestamps, numbers
 * and booleans of query parameters; form bodies of the token endpoint. Any text is either accepted
 * or refused with a 4xx {@link ApiException}, never another exception.
 */
class ParametersFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyParameterParsesOrIsA4xx(FuzzedDataProvider data) {
        int parser = data.consumeInt(0, 8);
        String value = data.consumeRemainingAsString();
        Consumer<String> parse = switch (parser) {
            case 0 -> ApplicationService::appId;
            case 1 -> VersionService::versionId;
            case 2 -> Validation::teamId;
            case 3 -> Validation::uid;
            case 4 -> v -> Http.instant("from", v);
            case 5 -> v -> Http.number("limit", v);
            case 6 -> v -> Http.bool("active", v);
            case 7 -> v -> Http.parseForm(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            default -> v -> Http.parseForm(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        };
        try {
            parse.accept(value);
        } catch (ApiException e) {
            assertThat(e.status().code()).as("%s", e.getMessage()).isBetween(400, 499);
        }
    }
}
