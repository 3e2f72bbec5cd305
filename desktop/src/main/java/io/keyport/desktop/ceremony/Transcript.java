package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transcript of a ceremony: every step with its time, actor and the SHA-256 of each file read or
 * written, who held which key on which token, and seals. A seal is a key holder's signature, with the
 * key they signed root with, over the steps so far ({@link #sealPayload}); so the transcript is signed
 * by the participating keys, across sittings, and {@link #verify} checks it later without any secret.
 * Written as JSON ({@value #FORMAT}) and as a readable HTML page.
 */
public final class Transcript {

    public static final String FORMAT = "keyport-ceremony-transcript-1";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The outcome of {@link #verify}: each seal that verified and each problem found. */
    public record Verification(List<String> sealedBy, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty() && !sealedBy.isEmpty();
        }
    }

    private Transcript() {}

    /** The bytes a seal over the first {@code steps} steps signs. */
    static byte[] sealPayload(String ceremonyId, List<Ceremony.Step> steps, int count) {
        ObjectNode payload = NODES.objectNode();
        payload.put("ceremony", ceremonyId);
        payload.put("steps", count);
        payload.put("steps_sha256", stepsHash(steps, count));
        return TufJson.canonical(payload);
    }

    static String stepsHash(List<Ceremony.Step> steps, int count) {
        return TufJson.sha256Hex(TufJson.canonical(CeremonyFile.steps(steps.subList(0, count))));
    }

    /** A seal by {@code signer} over all steps of {@code c}. */
    static Ceremony.Seal seal(Ceremony c, Signer signer) {
        int n = c.steps().size();
        Signature sig = Signature.of(signer.keyId(), signer.sign(sealPayload(c.id(), c.steps(), n)));
        return new Ceremony.Seal(signer.keyId(), n, stepsHash(c.steps(), n), sig.sig());
    }

    /** The transcript document. */
    public static ObjectNode toJson(Ceremony c) {
        ObjectNode out = NODES.objectNode();
        out.put("format", FORMAT);
        out.put("ceremony", c.id());
        out.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
        ObjectNode root = out.putObject("root");
        root.put("version", c.root().signed().version());
        root.put("signed_sha256", TufJson.sha256Hex(c.root().signedBytes()));
        ObjectNode keys = out.putObject("root_keys");
        rootKeys(c).forEach((id, key) -> keys.set(id, key.toJson()));
        ArrayNode holders = out.putArray("holders");
        for (Ceremony.Holder h : c.holders()) {
            ObjectNode holder = holders.addObject()
                    .put("name", h.name())
                    .put("keyid", h.keyId())
                    .put("attestation", h.attestation());
            holder.set("token", CeremonyFile.token(h.token()));
            if (!h.attestationChain().isEmpty()) {
                ArrayNode chain = holder.putArray("attestation_chain");
                h.attestationChain().forEach(chain::add);
            }
        }
        out.set("steps", CeremonyFile.steps(c.steps()));
        ArrayNode seals = out.putArray("seals");
        for (Ceremony.Seal s : c.seals()) {
            seals.addObject()
                    .put("keyid", s.keyId())
                    .put("steps", s.steps())
                    .put("sha256", s.sha256())
                    .put("sig", s.sig());
        }
        return out;
    }

    /** The root keys of the root being signed and of the trusted root: who may seal. */
    static Map<String, Key> rootKeys(Ceremony c) {
        Map<String, Key> out = new LinkedHashMap<>();
        List<Root> roots = new ArrayList<>();
        if (c.trustedRoot() != null) {
            roots.add(c.trustedRoot().signed());
        }
        roots.add(c.root().signed());
        for (Root r : roots) {
            for (String id : r.role(Root.TYPE).keyIds()) {
                Key key = r.keys().get(id);
                if (key != null) {
                    out.put(id, key);
                }
            }
        }
        return out;
    }

    /**
     * Verifies a transcript: each seal's hash equals the hash of its steps, its key is a root key the
     * transcript names (and, with {@code anchor}, a root key of that root, which the checker trusts from
     * elsewhere), and its signature verifies. At least one seal must verify.
     */
    public static Verification verify(byte[] transcript, Optional<Metadata<Root>> anchor) {
        List<String> sealedBy = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        JsonNode doc;
        List<Ceremony.Step> steps;
        try {
            doc = TufJson.parse(transcript);
            if (!FORMAT.equals(CeremonyFile.text(doc, "format"))) {
                throw new IllegalArgumentException("format must be " + FORMAT);
            }
            steps = CeremonyFile.readSteps(CeremonyFile.array(doc, "steps"));
        } catch (RuntimeException e) { // whatever the JSON reader or a date parser throws: not a transcript
            return new Verification(List.of(), List.of("not a ceremony transcript: " + e.getMessage()));
        }
        String id = doc.path("ceremony").asText();
        JsonNode keys = doc.path("root_keys");
        for (JsonNode seal : doc.path("seals")) {
            String keyId = seal.path("keyid").asText();
            int count = seal.path("steps").asInt(-1);
            if (count < 1 || count > steps.size()) {
                problems.add(
                        "the seal by " + keyId + " covers " + count + " steps; the transcript has " + steps.size());
                continue;
            }
            if (!stepsHash(steps, count).equals(seal.path("sha256").asText())) {
                problems.add("the first " + count + " steps differ from what key " + keyId + " sealed");
                continue;
            }
            if (!keys.has(keyId)) {
                problems.add("key " + keyId + " sealed the transcript but is not one of its root keys");
                continue;
            }
            Key key;
            try {
                key = CeremonyFile.key(keys.get(keyId));
            } catch (RuntimeException e) {
                problems.add("the root key " + keyId + " is not readable: " + e.getMessage());
                continue;
            }
            if (anchor.isPresent()
                    && !anchor.get().signed().role(Root.TYPE).keyIds().contains(keyId)) {
                problems.add("key " + keyId + " is not a root key of the root given to check against");
                continue;
            }
            Signature sig = new Signature(keyId, seal.path("sig").asText(), Map.of());
            if (!CeremonyRules.verifies(key, sealPayload(id, steps, count), sig)) {
                problems.add("the seal by key " + keyId + " does not verify");
                continue;
            }
            sealedBy.add(keyId);
        }
        if (sealedBy.isEmpty() && problems.isEmpty()) {
            problems.add("the transcript has no seal: no key holder signed yet");
        }
        return new Verification(sealedBy, problems);
    }

    /** A readable page of the transcript, self-contained (no scripts, no external resources). */
    public static String html(Ceremony c) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Keyport ceremony ")
                .append(esc(c.id()))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("code{font-size:90%}.warn{color:#a00;font-weight:bold}</style></head><body>\n");
        out.append("<h1>Keyport ceremony transcript</h1>\n<p>Ceremony <code>")
                .append(esc(c.id()))
                .append("</code>, ")
                .append(esc(c.kind().name().toLowerCase(java.util.Locale.ROOT)))
                .append(", root version ")
                .append(c.root().signed().version())
                .append(" (SHA-256 of the signed part <code>")
                .append(TufJson.sha256Hex(c.root().signedBytes()))
                .append("</code>).</p>\n");
        out.append("<h2>Key holders</h2>\n<table><tr><th>holder</th><th>keyid</th><th>token</th><th>serial</th>")
                .append("<th>attestation</th></tr>\n");
        for (Ceremony.Holder h : c.holders()) {
            out.append("<tr><td>")
                    .append(esc(h.name()))
                    .append("</td><td><code>")
                    .append(esc(h.keyId()))
                    .append("</code></td><td>")
                    .append(esc(h.token().kind() + " " + h.token().label()))
                    .append(h.token().rehearsalOnly() ? " <span class=\"warn\">REHEARSAL ONLY</span>" : "")
                    .append("</td><td>")
                    .append(esc(h.token().serial()))
                    .append("</td><td>")
                    .append(esc(h.attestation()))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n<h2>Steps</h2>\n<table><tr><th>#</th><th>time (UTC)</th><th>step</th><th>actor</th>")
                .append("<th>detail</th><th>files (SHA-256)</th></tr>\n");
        int i = 1;
        for (Ceremony.Step s : c.steps()) {
            out.append("<tr><td>")
                    .append(i++)
                    .append("</td><td>")
                    .append(esc(s.at().toString()))
                    .append("</td><td>")
                    .append(esc(s.step()))
                    .append("</td><td>")
                    .append(esc(s.actor()))
                    .append("</td><td>")
                    .append(esc(s.detail()))
                    .append("</td><td>");
            for (Ceremony.FileHash f : s.files()) {
                out.append(esc(f.direction()))
                        .append(" ")
                        .append(esc(f.name()))
                        .append(" <code>")
                        .append(esc(f.sha256()))
                        .append("</code><br>");
            }
            out.append("</td></tr>\n");
        }
        out.append("</table>\n<h2>Seals</h2>\n<ul>\n");
        for (Ceremony.Seal s : c.seals()) {
            out.append("<li>key <code>")
                    .append(esc(s.keyId()))
                    .append("</code> sealed steps 1 to ")
                    .append(s.steps())
                    .append("</li>\n");
        }
        out.append("</ul>\n<p>Check it with <code>keyport-console ceremony verify --transcript FILE</code>.</p>\n")
                .append("</body></html>\n");
        return out.toString();
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
