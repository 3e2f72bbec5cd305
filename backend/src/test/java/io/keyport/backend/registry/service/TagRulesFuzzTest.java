package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.backend.http.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * A team's mutable-tag patterns come from an admin's request body: any list of strings is either
 * rules or a 400 in the OCI family, and the rules answer any tag without throwing; a pattern
 * without {@code *} matches exactly itself.
 */
class TagRulesFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyPatternsAreRulesOrA400(FuzzedDataProvider data) {
        List<String> patterns = new ArrayList<>();
        int n = data.consumeInt(0, 40);
        for (int i = 0; i < n; i++) {
            patterns.add(data.consumeBoolean() ? null : data.consumeString(140));
        }
        String tag = data.consumeRemainingAsString();
        TagRules rules;
        try {
            rules = TagRules.parse(patterns);
        } catch (ApiException e) {
            assertThat(e.status().code()).isEqualTo(400);
            assertThat(e.code().family()).isEqualTo(OciError.FAMILY);
            return;
        }
        boolean mutable = rules.mutable(tag);
        if (rules.patterns().contains(tag)) {
            assertThat(mutable).as("a pattern matches itself: %s", tag).isTrue();
        }
        if (rules.patterns().stream().noneMatch(p -> p.contains("*"))) {
            assertThat(mutable).isEqualTo(rules.patterns().contains(tag));
        }
    }
}
