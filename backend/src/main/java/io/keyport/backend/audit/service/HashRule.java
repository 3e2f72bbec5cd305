package io.keyport.backend.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The versioned rules by which an audit entry is hashed and its {@code details} stored (docs/audit.md,
 * "Hash rules"). Every entry records its rule; the verifier applies the entry's own rule, so chains
 * written before a new rule keep verifying.
 *
 * <ul>
 *   <li><b>Rule 1</b> (entries written before migration V2): SHA-256 over the OLPC canonical JSON
 *       of {@code {seq, time, actor, realm, action, target, details, prev_hash}}; {@code details}
 *       stored as its OLPC text, control characters raw (not valid JSON when it holds any).</li>
 *   <li><b>Rule 2</b> (every new entry): SHA-256 over the fully escaped canonical JSON of the same
 *       fields plus {@code "hash_rule":2}; {@code details} stored as its fully escaped canonical
 *       text, which is valid JSON and parses back to the tree that was hashed.</li>
 * </ul>
 */
public final class HashRule {

    /** The rule of every entry written now. */
    public static final int CURRENT = 2;

    /** Rule 1's stored text may hold raw control characters: the OLPC dialect never escaped them. */
    private static final ObjectReader RULE_1_READER =
            Json.mapper().reader().with(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);

    private static final ObjectReader STRICT_READER = Json.mapper().reader();

    private HashRule() {}

    /** Whether the server knows how to verify entries of {@code rule}. */
    public static boolean known(int rule) {
        return rule == 1 || rule == 2;
    }

    private static CanonicalJson.Escaping escaping(int rule) {
        return switch (rule) {
            case 1 -> CanonicalJson.Escaping.OLPC;
            case 2 -> CanonicalJson.Escaping.JSON;
            default -> throw new IllegalArgumentException("unknown audit hash rule " + rule);
        };
    }

    /**
     * The text stored in {@code audit_log.details} for {@code details} under {@code rule}. Rule 1
     * is what the old code stored: the UTF-8 bytes of the OLPC text decoded again, so an unpaired
     * surrogate became {@code ?} exactly as it did in the bytes hashed.
     */
    public static String storedDetails(JsonNode details, int rule) {
        return rule == 1
                ? new String(CanonicalJson.encode(details, CanonicalJson.Escaping.OLPC), StandardCharsets.UTF_8)
                : CanonicalJson.encodeToString(details, escaping(rule));
    }

    /** Parses stored details under {@code rule}; empty when the text is not what that rule writes. */
    public static Optional<JsonNode> parseDetails(String text, int rule) {
        if (!known(rule) || text == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = (rule == 1 ? RULE_1_READER : STRICT_READER).readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * Stored details for reading, whatever a row holds: parsed under its rule, else leniently (a
     * tampered row), else the raw text as a JSON string. Never fails, so listing and exporting a
     * log never stop at a row; {@link AuditService#verify} is what reports such a row.
     */
    public static JsonNode render(String text, int rule) {
        if (text == null) {
            return Json.mapper().nullNode();
        }
        return parseDetails(text, rule).or(() -> parseDetails(text, 1)).orElseGet(() -> TextNode.valueOf(text));
    }

    /** The hex SHA-256 of an entry under {@code rule}. */
    public static String hash(
            int rule,
            long seq,
            Instant time,
            String actor,
            String realm,
            String action,
            String target,
            JsonNode details,
            String prevHash) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("seq", seq);
        node.put("time", Timestamps.format(time));
        node.put("actor", actor);
        node.put("realm", realm);
        node.put("action", action);
        node.put("target", target);
        node.set("details", details);
        node.put("prev_hash", prevHash);
        if (rule >= 2) {
            node.put("hash_rule", rule);
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(node, escaping(rule))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
