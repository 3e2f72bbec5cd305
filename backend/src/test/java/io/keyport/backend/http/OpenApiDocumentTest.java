package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published document is the platform's part plus each module's fragment, each definition from exactly one of them. */
class OpenApiDocumentTest {

    private final OpenApiDocument document = new OpenApiDocument();

    private static JsonNode yaml(String text) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    @Test
    void theDocumentIsThePlatformsPartWithEveryModulesFragment() {
        document.contribute("things", "/openapi-test/things.yaml");

        JsonNode assembled = document.assemble();

        assertThat(assembled.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(assembled.path("info").path("title").asText()).isEqualTo("Keyport API");
        assertThat(assembled
                        .path("paths")
                        .path("/things")
                        .path("get")
                        .path("operationId")
                        .asText())
                .isEqualTo("listThings");
        List<String> tags = new ArrayList<>();
        assembled.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).containsExactly("things");
        assertThat(assembled.path("components").path("schemas").has("Error"))
                .as("the platform's shared schema")
                .isTrue();
        assertThat(document.assemble()).as("assembled once").isSameAs(assembled);
    }

    @Test
    void twoModulesContributingTheSamePathFail() {
        document.contribute("things", "/openapi-test/things.yaml");
        document.contribute("more-things", "/openapi-test/more-things.yaml");

        assertThatThrownBy(document::assemble)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OpenAPI path /things is contributed by both things (/openapi-test/things.yaml) and "
                        + "more-things (/openapi-test/more-things.yaml)");
    }

    @Test
    void aModuleCannotRedefineAComponentOrATagOfAnother() throws IOException {
        document.contribute("errors", "errors.yaml", yaml("components: {schemas: {Error: {type: object}}}"));
        assertThatThrownBy(document::assemble)
                .hasMessage("OpenAPI component schemas/Error is contributed by both platform (/openapi/platform.yaml) "
                        + "and errors (errors.yaml)");

        OpenApiDocument tagged = new OpenApiDocument();
        tagged.contribute("things", "/openapi-test/things.yaml");
        tagged.contribute("copy", "copy.yaml", yaml("tags: [{name: things}]"));
        assertThatThrownBy(tagged::assemble).hasMessageStartingWith("OpenAPI tag things is contributed by both things");
    }

    @Test
    void aFragmentHoldsOnlyTagsPathsAndComponents() throws IOException {
        JsonNode withInfo = yaml("info: {title: Mine}\npaths: {}");

        assertThatThrownBy(() -> document.contribute("greedy", "greedy.yaml", withInfo))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("greedy.yaml of greedy may contribute only tags, paths and components, not info");
    }

    @Test
    void nothingIsContributedAfterAssemblyOrFromAMissingResource() {
        assertThatThrownBy(() -> document.contribute("lost", "/openapi-test/no-such.yaml"))
                .hasMessage("missing OpenAPI fragment /openapi-test/no-such.yaml");
        document.assemble();
        assertThatThrownBy(() -> document.contribute("late", "/openapi-test/things.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after the OpenAPI document was assembled");
    }
}
