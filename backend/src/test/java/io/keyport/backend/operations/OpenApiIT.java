package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published OpenAPI document against the running server: it lists exactly the routes the
 * server registers, every operation is complete, every reference resolves, and real answers fit
 * the schemas the document gives for them.
 */
@KeyportTest
class OpenApiIT {

    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");

    static TestServer server;
    static ApiClient api;
    static JsonNode doc;
    static Cast cast;

    @BeforeAll
    static void start(TestServer testServer, ApiClient client, Cast theCast) {
        server = testServer;
        api = client;
        cast = theCast;
        ApiClient.Response r = api.get("/swagger.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        doc = r.json();
    }

    /** Every {@code "METHOD /path"} the document describes. */
    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            }
        });
        return routes;
    }

    /** Each operation with its label, for the per-operation checks. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> ops = new HashMap<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op != null) {
                    ops.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op);
                }
            }
        });
        return ops;
    }

    @Test
    void isOpenApi303() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
    }

    @Test
    void describesExactlyTheRegisteredRoutes() {
        Set<String> registered = new TreeSet<>(server.server().routes().routes());
        Set<String> documented = documentedRoutes();
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(registered);
        assertThat(undocumented)
                .as("routes the server has but the document lacks")
                .isEmpty();
        assertThat(stale).as("operations the document has but the server lacks").isEmpty();
        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void everyOperationHasAUniqueIdATagAndASuccessResponse() {
        Set<String> declaredTags = new HashSet<>();
        doc.path("tags").forEach(t -> declaredTags.add(t.path("name").asText()));
        Set<String> ids = new HashSet<>();
        operations().forEach((label, op) -> {
            String id = op.path("operationId").asText("");
            assertThat(id).as("operationId of " + label).isNotBlank();
            assertThat(ids.add(id)).as("operationId " + id + " is unique").isTrue();
            assertThat(op.path("tags").size()).as("tags of " + label).isPositive();
            op.path("tags")
                    .forEach(t -> assertThat(declaredTags).as("tag of " + label).contains(t.asText()));
            List<String> success = new ArrayList<>();
            op.path("responses").fieldNames().forEachRemaining(code -> {
                if (code.matches("2\\d\\d")) {
                    success.add(code);
                }
            });
            assertThat(success).as("2xx responses of " + label).isNotEmpty();
        });
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).as("the document uses references").isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("only local references").startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode())
                    .as("reference " + ref + " resolves")
                    .isFalse();
        }
    }

    @Test
    void requiredSchemasExist() {
        JsonNode schemas = doc.path("components").path("schemas");
        for (String name : List.of(
                "Application",
                "StoreApplication",
                "Version",
                "StoreVersion",
                "Approval",
                "StoreApproval",
                "ApprovalPolicy",
                "Team",
                "TeamRequest",
                "User",
                "UserRequest",
                "TokenResponse",
                "TokenInfo",
                "ClientCredentials",
                "CredentialInfo",
                "ServiceScopes",
                "AuditEntry",
                "Error",
                "OAuthError")) {
            assertThat(schemas.has(name)).as("schema " + name).isTrue();
        }
        assertThat(schemas.path("Error").path("properties").has("message")).isTrue();
        assertThat(schemas.path("Error").path("properties").has("details")).isTrue();
        assertThat(schemas.path("OAuthError").path("properties").has("error")).isTrue();
        assertThat(schemas.path("OAuthError").path("properties").has("error_description"))
                .isTrue();
    }

    @Test
    void securitySchemesAreDeclaredAndUsed() {
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearerAuth").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.path("basicAuth").path("scheme").asText()).isEqualTo("basic");
        List<JsonNode> requirements = new ArrayList<>();
        doc.path("security").forEach(requirements::add);
        operations().values().forEach(op -> op.path("security").forEach(requirements::add));
        for (JsonNode requirement : requirements) {
            requirement
                    .fieldNames()
                    .forEachRemaining(name ->
                            assertThat(schemes.has(name)).as("scheme " + name).isTrue());
        }
        // Operational endpoints need no credentials.
        assertThat(operations().get("GET /.well-known/health").path("security").isArray())
                .isTrue();
        assertThat(operations().get("GET /.well-known/health").path("security").size())
                .isZero();
    }

    @Test
    void everyPathParameterIsDeclaredExactlyAsInTheTemplate() {
        doc.get("paths").fields().forEachRemaining(path -> {
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = TEMPLATE_PARAM.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            Set<String> shared = pathParams(path.getValue().path("parameters"));
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                Set<String> declared = new TreeSet<>(shared);
                declared.addAll(pathParams(op.path("parameters")));
                assertThat(declared)
                        .as("path parameters of " + method + " " + path.getKey())
                        .isEqualTo(inTemplate);
            }
        });
    }

    private static Set<String> pathParams(JsonNode parameters) {
        Set<String> names = new TreeSet<>();
        for (JsonNode p : parameters) {
            JsonNode param = resolve(p);
            if ("path".equals(param.path("in").asText())) {
                assertThat(param.path("required").asBoolean())
                        .as("path parameter " + param.path("name") + " is required")
                        .isTrue();
                names.add(param.path("name").asText());
            }
        }
        return names;
    }

    @Test
    void yamlAndJsonFormsAreTheSameDocument() throws IOException {
        ApiClient.Response yaml = api.get("/openapi", null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("yaml"));
        assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml.body())).isEqualTo(doc);

        ApiClient.Response json = api.get("/openapi?format=json", null);
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(json.json()).isEqualTo(doc);
    }

    /**
     * Real answers of the main read and write operations fit the documented schema: no
     * undocumented field, every required field present, and the documented JSON types.
     */
    @Test
    void realAnswersFitTheirSchemas() {
        String admin = cast.token("admin");
        String alice = cast.token("alice");
        api.app(admin, "doc-app", "team-a");
        ApiClient.expect(
                api.putJson(
                        "/apps/doc-app",
                        admin,
                        "{\"description\":\"An application to check the docs\",\"criticality_level\":2}"),
                200);
        ApiClient.expect(
                api.putJson(
                        "/apps/doc-app/versions/1.0",
                        admin,
                        "{\"artifact\":\"docker://registry.example.org/docs/doc-app:1.0\",\"notes\":\"first\"}"),
                200);

        conforms(
                "POST /oauth2/token",
                "200",
                api.form(
                        "/oauth2/token",
                        Map.of("grant_type", "password", "username", "alice", "password", Cast.PASSWORD)));
        conforms(
                "POST /oauth2/token",
                "400",
                api.form(
                        "/oauth2/token",
                        Map.of("grant_type", "password", "username", "alice", "password", "wrong-password")));
        conforms("GET /oauth2/tokeninfo", "200", api.get("/oauth2/tokeninfo?access_token=" + alice, null));
        conforms("GET /.well-known/health", "200", api.get("/.well-known/health", null));
        conforms("GET /api/teams", "200", api.get("/api/teams", admin));
        conforms("GET /api/teams/{team}", "200", api.get("/api/teams/team-a", admin));
        conforms("GET /api/teams/{team}", "404", api.get("/api/teams/nobody", admin));
        conforms("GET /api/users", "200", api.get("/api/users", admin));
        conforms("GET /api/users/{uid}", "200", api.get("/api/users/alice", alice));
        conforms("GET /api/users", "403", api.get("/api/users", alice));
        conforms("GET /apps", "200", api.get("/apps", alice));
        conforms("GET /apps", "200", api.get("/apps?search=check", alice));
        conforms("GET /apps", "401", api.get("/apps", null));
        conforms("GET /apps/{id}", "200", api.get("/apps/doc-app", alice));
        conforms("GET /apps/{id}", "404", api.get("/apps/no-such-app", alice));
        conforms("PUT /apps/{id}", "400", api.putJson("/apps/doc-app", admin, "{\"colour\":\"blue\"}"));
        conforms("GET /apps/{id}/approval-policy", "200", api.get("/apps/doc-app/approval-policy", alice));
        conforms(
                "POST /apps/{id}/versions/{v}/approvals",
                "200",
                api.postJson(
                        "/apps/doc-app/versions/1.0/approvals",
                        alice,
                        "{\"approval_type\":\"TEST\",\"notes\":\"ok\"}"));
        conforms(
                "POST /apps/{id}/versions/{v}/approvals",
                "409",
                api.postJson("/apps/doc-app/versions/1.0/approvals", alice, "{\"approval_type\":\"TEST\"}"));
        conforms("GET /apps/{id}/versions", "200", api.get("/apps/doc-app/versions", alice));
        conforms("GET /apps/{id}/versions/{v}", "200", api.get("/apps/doc-app/versions/1.0", alice));
        conforms(
                "GET /apps/{id}/versions/{v}/approvals", "200", api.get("/apps/doc-app/versions/1.0/approvals", alice));
        conforms("GET /apps/{id}/approvals", "200", api.get("/apps/doc-app/approvals", alice));
        conforms(
                "POST /apps/{id}/credentials",
                "201",
                api.send("POST", "/apps/doc-app/credentials", null, "Authorization", "Bearer " + alice));
        conforms("GET /apps/{id}/credentials", "200", api.get("/apps/doc-app/credentials", alice));
        conforms(
                "PUT /apps/{id}/scopes",
                "200",
                api.putJson("/apps/doc-app/scopes", admin, "{\"scopes\":[\"application.write\"]}"));
        conforms("GET /apps/{id}/scopes", "200", api.get("/apps/doc-app/scopes", alice));
        conforms("GET /api/audit", "200", api.get("/api/audit?limit=5", admin));
        conforms("GET /api/audit/verify", "200", api.get("/api/audit/verify", admin));
        conforms("GET /api/tasks", "200", api.get("/api/tasks?limit=5", admin));
        conforms("GET /api/tasks", "400", api.get("/api/tasks?state=bogus", admin));
        conforms("POST /api/tasks/{id}/retry", "404", api.postJson("/api/tasks/999999/retry", admin, null));
        conforms(
                "PUT /api/teams/{team}",
                "415",
                api.send(
                        "PUT",
                        "/api/teams/docs",
                        "name=x",
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "Authorization",
                        "Bearer " + admin));
    }

    private static void conforms(String operation, String status, ApiClient.Response response) {
        assertThat(response.status()).as(operation + " answered " + response).isEqualTo(Integer.parseInt(status));
        JsonNode op = operations().get(operation);
        assertThat(op).as("documented " + operation).isNotNull();
        JsonNode documented = op.path("responses").get(status);
        assertThat(documented).as(operation + " documents " + status).isNotNull();
        JsonNode schema =
                resolve(documented).path("content").path("application/json").path("schema");
        assertThat(schema.isMissingNode())
                .as(operation + " " + status + " has a JSON schema")
                .isFalse();
        List<String> problems = new ArrayList<>();
        check(response.json(), schema, "$", problems);
        assertThat(problems)
                .as(operation + " " + status + " fits its schema: " + response.body())
                .isEmpty();
    }

    /** A small structural check of a value against an OpenAPI 3.0 schema: types, nullability, properties. */
    private static void check(JsonNode value, JsonNode schemaOrRef, String where, List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        if (value.isNull()) {
            if (schema.has("type") && !schema.path("nullable").asBoolean()) {
                problems.add(where + " is null but not nullable");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " is not an object");
                    return;
                }
                JsonNode properties = schema.path("properties");
                boolean open = schema.path("additionalProperties").asBoolean(false)
                        || !schema.has("properties") && !schema.has("maxProperties");
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        problems.add(where + "." + required.asText() + " is required but missing");
                    }
                }
                if (schema.has("maxProperties")
                        && value.size() > schema.path("maxProperties").asInt()) {
                    problems.add(where + " has more than "
                            + schema.path("maxProperties").asInt() + " properties");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode propertySchema = properties.get(field.getKey());
                    if (propertySchema == null) {
                        if (!open) {
                            problems.add(where + "." + field.getKey() + " is not documented");
                        }
                    } else {
                        check(field.getValue(), propertySchema, where + "." + field.getKey(), problems);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " is not an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " is not a string");
                } else if (schema.has("enum")) {
                    Set<String> allowed = new HashSet<>();
                    schema.path("enum").forEach(e -> allowed.add(e.asText()));
                    if (!allowed.contains(value.asText())) {
                        problems.add(where + " = " + value.asText() + " is not one of " + allowed);
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " is not an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + " is not a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + " is not a boolean");
                }
            }
            default -> {
                // no type: anything goes
            }
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; current.has("$ref"); depth++) {
            assertThat(depth).as("reference chain too long").isLessThan(10);
            current = doc.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
