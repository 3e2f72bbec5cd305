package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the ceremony file: JSON ({@value #FORMAT}), indented, with sorted keys, so a person
 * can read it and diff two copies. Reading is strict (TUF's JSON reader: no duplicate keys, no floats)
 * and every value is checked; anything else is a {@link CeremonyException} naming the field. Writing
 * goes to a temporary file that then replaces the old one, so a crash leaves the old or the new state,
 * never half of one. Signature rules are {@link CeremonyRules}'s, not this class's.
 */
public final class CeremonyFile {

    public static final String FORMAT = "keyport-ceremony-1";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CeremonyFile() {}

    /** Reads a ceremony file. */
    public static Ceremony read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CeremonyException("no ceremony file at " + file + ": start one with 'ceremony init'");
        } catch (IOException e) {
            throw new CeremonyException("cannot read the ceremony file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.getFileName().toString());
    }

    /** Parses ceremony file bytes; {@code name} appears in messages. */
    public static Ceremony parse(byte[] bytes, String name) {
        try {
            return fromJson(TufJson.parse(bytes));
        } catch (RuntimeException e) { // the model's and the JDK's parse errors alike: the file is bad input
            throw new CeremonyException(name + " is not a ceremony file Keyport can read: " + e.getMessage(), e);
        }
    }

    /** Writes a ceremony file atomically. */
    public static void write(Path file, Ceremony ceremony) {
        byte[] bytes = TufJson.writePretty(toJson(ceremony));
        Path parent = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(parent, ".ceremony", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CeremonyException("cannot write the ceremony file " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode toJson(Ceremony c) {
        ObjectNode out = NODES.objectNode();
        out.put("format", FORMAT);
        out.put("id", c.id());
        out.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        if (c.settings() != null) {
            out.set("settings", c.settings());
        }
        if (c.trustedRoot() != null) {
            out.set("trusted_root", c.trustedRoot().toJson());
        }
        out.set("root", c.root().toJson());
        ArrayNode imported = out.putArray("imported_signatures");
        c.importedSignatures().forEach(imported::add);
        ArrayNode holders = out.putArray("holders");
        for (Ceremony.Holder h : c.holders()) {
            ObjectNode node = holders.addObject();
            node.put("name", h.name());
            node.put("keyid", h.keyId());
            node.set("key", h.key().toJson());
            node.set("token", token(h.token()));
            node.put("attestation", h.attestation());
            if (!h.attestationChain().isEmpty()) {
                ArrayNode chain = node.putArray("attestation_chain");
                h.attestationChain().forEach(chain::add);
            }
        }
        out.set("steps", steps(c.steps()));
        ArrayNode seals = out.putArray("seals");
        for (Ceremony.Seal s : c.seals()) {
            ObjectNode node = seals.addObject();
            node.put("keyid", s.keyId());
            node.put("steps", s.steps());
            node.put("sha256", s.sha256());
            node.put("sig", s.sig());
        }
        return out;
    }

    static ObjectNode token(TokenInfo t) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
        node.put("label", t.label());
        node.put("serial", t.serial());
        node.put("firmware", t.firmware());
        node.put("rehearsal_only", t.rehearsalOnly());
        return node;
    }

    static ArrayNode steps(List<Ceremony.Step> steps) {
        ArrayNode list = NODES.arrayNode();
        for (Ceremony.Step s : steps) {
            ObjectNode node = list.addObject();
            node.put("at", s.at().toString());
            node.put("step", s.step());
            node.put("actor", s.actor());
            node.put("detail", s.detail());
            ArrayNode files = node.putArray("files");
            for (Ceremony.FileHash f : s.files()) {
                files.addObject()
                        .put("name", f.name())
                        .put("direction", f.direction())
                        .put("sha256", f.sha256());
            }
        }
        return list;
    }

    static Ceremony fromJson(JsonNode node) {
        if (!node.isObject() || !FORMAT.equals(text(node, "format"))) {
            throw new IllegalArgumentException("format must be " + FORMAT);
        }
        Ceremony.Kind kind = Ceremony.Kind.valueOf(text(node, "kind").toUpperCase(Locale.ROOT));
        JsonNode settings = node.get("settings");
        Metadata<Root> trusted = node.hasNonNull("trusted_root")
                ? Metadata.fromJson(node.get("trusted_root")).as(Root.class)
                : null;
        Metadata<Root> root = Metadata.fromJson(required(node, "root")).as(Root.class);
        List<String> imported = new ArrayList<>();
        for (JsonNode k : array(node, "imported_signatures")) {
            imported.add(k.textValue());
        }
        List<Ceremony.Holder> holders = new ArrayList<>();
        for (JsonNode h : array(node, "holders")) {
            JsonNode t = required(h, "token");
            TokenInfo token = new TokenInfo(
                    TokenKind.valueOf(text(t, "kind").toUpperCase(Locale.ROOT)),
                    text(t, "label"),
                    text(t, "serial"),
                    text(t, "firmware"),
                    required(t, "rehearsal_only").booleanValue());
            Key key = key(required(h, "key"));
            List<String> chain = new ArrayList<>();
            if (h.has("attestation_chain")) {
                for (JsonNode cert : array(h, "attestation_chain")) {
                    if (!cert.isTextual()) {
                        throw new IllegalArgumentException("attestation_chain must list base64 certificates");
                    }
                    chain.add(cert.textValue());
                }
            }
            holders.add(
                    new Ceremony.Holder(text(h, "name"), text(h, "keyid"), key, token, text(h, "attestation"), chain));
        }
        List<Ceremony.Seal> seals = new ArrayList<>();
        for (JsonNode s : array(node, "seals")) {
            seals.add(new Ceremony.Seal(
                    text(s, "keyid"), required(s, "steps").intValue(), text(s, "sha256"), text(s, "sig")));
        }
        return new Ceremony(
                text(node, "id"),
                kind,
                settings == null || settings.isNull() ? null : (ObjectNode) settings,
                trusted,
                root,
                imported,
                holders,
                readSteps(array(node, "steps")),
                seals);
    }

    static List<Ceremony.Step> readSteps(JsonNode list) {
        List<Ceremony.Step> steps = new ArrayList<>();
        for (JsonNode s : list) {
            List<Ceremony.FileHash> files = new ArrayList<>();
            for (JsonNode f : array(s, "files")) {
                files.add(new Ceremony.FileHash(text(f, "name"), text(f, "direction"), text(f, "sha256")));
            }
            steps.add(new Ceremony.Step(
                    Instant.parse(text(s, "at")), text(s, "step"), text(s, "actor"), text(s, "detail"), files));
        }
        return steps;
    }

    /** A key object as the ceremony file holds it (keytype, scheme, keyval.public). */
    static Key key(JsonNode node) {
        return Key.of(text(node, "keytype"), text(node, "scheme"), text(required(node, "keyval"), "public"));
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be text");
        }
        return value.textValue();
    }

    static JsonNode array(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray()) {
            throw new IllegalArgumentException(field + " must be a list");
        }
        return value;
    }
}
