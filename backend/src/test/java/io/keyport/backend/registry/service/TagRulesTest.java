package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.http.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tags a team's mutable-tag patterns let move, and which patterns are refused. */
class TagRulesTest {

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1.0-SNAPSHOT  | *-SNAPSHOT        | true
            SNAPSHOT      | *-SNAPSHOT        | false
            1.0-snapshot  | *-SNAPSHOT        | false
            1.0-SNAPSHOT2 | *-SNAPSHOT        | false
            dev-42        | *-SNAPSHOT dev-*  | true
            my-dev-42     | *-SNAPSHOT dev-*  | false
            nightly       | nightly           | true
            nightly.1     | nightly           | false
            a.b           | a.b               | true
            axb           | a.b               | false
            1.0           | *                 | true
            1.0           | ''                | false
            """)
    void aTagMovesWhenAPatternMatchesAllOfIt(String tag, String patterns, boolean mutable) {
        List<String> list = patterns.isEmpty() ? List.of() : Arrays.asList(patterns.split(" "));
        assertThat(TagRules.parse(list).mutable(tag)).isEqualTo(mutable);
    }

    @ParameterizedTest(name = "pattern [{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            a/b
            ''
            a b
            tag?
            [abc]
            """)
    void aPatternIsMadeOfTagCharactersAndStars(String pattern) {
        assertThatThrownBy(() -> TagRules.parse(List.of(pattern)))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status().code()).isEqualTo(400));
    }

    @org.junit.jupiter.api.Test
    void manyStarsDoNotBacktrackForEver() {
        TagRules rules = TagRules.parse(List.of("*a".repeat(60) + "*b"));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(2),
                () -> assertThat(rules.mutable("a".repeat(128))).isFalse());
        assertThat(rules.mutable("a".repeat(60) + "b")).isTrue();
    }

    @org.junit.jupiter.api.Test
    void atMost32PatternsAndDuplicatesCountOnce() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            many.add("p" + i + "-*");
        }
        assertThatThrownBy(() -> TagRules.parse(many)).isInstanceOf(ApiException.class);
        assertThat(TagRules.parse(List.of("a-*", "a-*", "b")).patterns()).containsExactly("a-*", "b");
        assertThat(TagRules.defaults().patterns()).containsExactly("*-SNAPSHOT");
        assertThatThrownBy(() -> TagRules.parse(null)).isInstanceOf(ApiException.class);
    }
}
