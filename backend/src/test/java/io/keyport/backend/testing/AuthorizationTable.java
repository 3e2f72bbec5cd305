package io.keyport.backend.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One domain's share of the authorisation matrix: who may call which of its routes. The table is
 * text, one row per request and one column per {@link Cast} identity, each cell the expected
 * status:
 *
 * <pre>
 * method | path                   | body   || anon | admin | alice | bob
 * PUT    | /apps/app-a            | rename || 401  | 200   | 200   | 403
 * </pre>
 *
 * <p>{@code body} names a body given with {@link #body} ({@code -} is none). Paths may hold
 * placeholders, filled in for each cell just before its request: {@code {new}} is a fresh id,
 * {@code {self}} the caller's own uid, and a domain adds its own with {@link #placeholder} (a fresh
 * version, a failed task...). In bodies, {@code {password}} is the caller's own password.
 * {@link AuthorizationMatrix} runs the cells; its completeness check ties the tables to the route
 * registry. The domain's errors answer in {@link #errors}.
 */
public final class AuthorizationTable {

    /** One request as one identity, and the status it must get. */
    public record Cell(
            AuthorizationTable table, String identity, String method, String path, String body, int expected) {
        @Override
        public String toString() {
            return String.format(
                    "%s: %-9s %-6s %s%s -> %d",
                    table.domain, identity, method, path, body.equals("-") ? "" : " [" + body + "]", expected);
        }
    }

    /** What a cell runs with: the server, a client, the cast, and a counter for fresh ids. */
    public record Context(TestServer server, ApiClient api, Cast cast, AtomicInteger counter) {
        /** A fresh id: {@code prefix} and a number no other cell got. */
        public String fresh(String prefix) {
            return prefix + counter.incrementAndGet();
        }
    }

    /**
     * A value filled in for a placeholder, and a check that runs after the cell's request (e.g.
     * that a version is still pending).
     */
    public record Filled(String value, Consumer<Context> afterwards) {
        public static Filled of(String value) {
            return new Filled(value, ctx -> {});
        }
    }

    /** Fills one placeholder for a cell of {@code identity}. */
    @FunctionalInterface
    public interface Placeholder {
        Filled fill(Context ctx, String identity);
    }

    private final String domain;
    private final String text;
    private final ErrorBodies errors;
    private final Map<String, String> bodies = new LinkedHashMap<>();
    private final Map<String, Placeholder> placeholders = new LinkedHashMap<>();
    private final List<String> unaudited = new ArrayList<>();

    private AuthorizationTable(String domain, ErrorBodies errors, String text) {
        this.domain = domain;
        this.errors = errors;
        this.text = text;
    }

    /** The table of {@code domain}, whose errors are in {@code errors}. */
    public static AuthorizationTable of(String domain, ErrorBodies errors, String text) {
        return new AuthorizationTable(domain, errors, text);
    }

    /** Names a request body the rows may refer to. */
    public AuthorizationTable body(String name, String json) {
        bodies.put(name, json);
        return this;
    }

    /** Adds a placeholder ({@code name} with its braces, e.g. {@code "{v-alice}"}). */
    public AuthorizationTable placeholder(String name, Placeholder placeholder) {
        placeholders.put(name, placeholder);
        return this;
    }

    /**
     * Declares accepted writes that are not audited by themselves: {@code method} requests whose
     * filled-in path matches {@code pathRegex}. The registry's blob uploads are audited once, with
     * the manifest push that uses them, not per upload step.
     */
    public AuthorizationTable unaudited(String method, String pathRegex) {
        unaudited.add(method + " " + pathRegex);
        return this;
    }

    /** Whether an accepted {@code method} request to {@code path} is declared unaudited. */
    boolean isUnaudited(String method, String path) {
        String request = method + " " + path.split("\\?", 2)[0];
        return unaudited.stream().anyMatch(request::matches);
    }

    public String domain() {
        return domain;
    }

    public ErrorBodies errors() {
        return errors;
    }

    /** The body called {@code name} for {@code identity}, or null for {@code -}. */
    String body(String name, Cast.Member caller) {
        if (name.equals("-")) {
            return null;
        }
        String body = bodies.get(name);
        if (body == null) {
            throw new IllegalStateException(domain + " table: no body called " + name);
        }
        return caller.password() == null ? body : body.replace("{password}", caller.password());
    }

    Map<String, Placeholder> placeholders() {
        return placeholders;
    }

    /** Every cell of the table, row by row. */
    public List<Cell> cells() {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        List<String> identities = split(lines.getFirst().split("\\|\\|")[1]);
        List<Cell> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] halves = line.split("\\|\\|");
            List<String> request = split(halves[0]);
            List<String> expected = split(halves[1]);
            if (request.size() != 3 || expected.size() != identities.size()) {
                throw new IllegalStateException(
                        domain + " table: a row needs method | path | body || one status per identity: " + line);
            }
            for (int i = 0; i < expected.size(); i++) {
                cells.add(new Cell(
                        this,
                        identities.get(i),
                        request.get(0),
                        request.get(1),
                        request.get(2),
                        Integer.parseInt(expected.get(i))));
            }
        }
        return cells;
    }

    private static List<String> split(String part) {
        return Arrays.stream(part.split("\\|")).map(String::trim).toList();
    }

    @Override
    public String toString() {
        return domain;
    }
}
