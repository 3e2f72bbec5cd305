package io.keyport.backend.audit.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.common.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit chain without a server: entries whose actor, target and details hold any string
 * (control characters, unpaired surrogates, quotes, backslashes) are stored as pending entries and
 * linked under the current rule as the chainer does, verify in order, read back to exactly the details that were appended, and any
 * change to one stored entry (a character of its details, its rule, its hash) is found at that
 * entry. Old-rule (1) entries before them verify too.
 */
class AuditChainFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @FuzzTest(maxDuration = "10s")
    void anyContentVerifiesAndAnyChangeIsFound(FuzzedDataProvider data) {
        int oldEntries = data.consumeInt(0, 2);
        int entries = data.consumeInt(1, 4);
        List<AuditStore.Row> rows = new ArrayList<>();
        List<JsonNode> appended = new ArrayList<>();
        String prev = AuditService.GENESIS;
        for (int i = 0; i < oldEntries + entries; i++) {
            long seq = i + 1;
            Instant time = T0.plusMillis(data.consumeInt(0, 1_000_000));
            Actor actor = new Actor(string(data), data.pickValue(new String[] {"employees", "services", "system"}));
            String action = data.consumeAsciiString(20);
            String target = string(data);
            JsonNode details = details(data);
            // new entries go the way the server's do: stored as pending, then linked by the chainer
            // (never before the time of the entry they follow)
            AuditStore.Row row = i < oldEntries
                    ? ruleOne(seq, time, actor, action, target, details, prev)
                    : AuditService.link(
                            new AuditStore.Pending(
                                    seq,
                                    time,
                                    actor.uid(),
                                    actor.realm(),
                                    action,
                                    target,
                                    HashRule.storedDetails(details, HashRule.CURRENT),
                                    HashRule.CURRENT),
                            seq,
                            prev,
                            rows.isEmpty() ? null : rows.getLast().time());
            rows.add(row);
            appended.add(details);
            prev = row.hash();
        }

        AuditService.ChainCheck check = new AuditService.ChainCheck();
        for (AuditStore.Row row : rows) {
            assertThat(check.accept(row)).as("entry %s verifies", row.seq()).isNull();
        }
        for (int i = oldEntries; i < rows.size(); i++) {
            AuditEntry entry = AuditService.entry(rows.get(i));
            // the same JSON value (a small long reads back as an int node, which encodes the same)
            assertThat(CanonicalJson.encode(entry.details(), CanonicalJson.Escaping.JSON))
                    .as("details read back")
                    .isEqualTo(CanonicalJson.encode(appended.get(i), CanonicalJson.Escaping.JSON));
            assertThat(entry.hashRule()).isEqualTo(HashRule.CURRENT);
        }

        int victim = data.consumeInt(0, rows.size() - 1);
        AuditStore.Row tampered = tamper(rows.get(victim), data);
        if (tampered == null) {
            return;
        }
        AuditService.ChainCheck again = new AuditService.ChainCheck();
        for (int i = 0; i < victim; i++) {
            assertThat(again.accept(rows.get(i))).isNull();
        }
        boolean sameContent = tampered.hashRule() == rows.get(victim).hashRule()
                && tampered.hash().equals(rows.get(victim).hash())
                && HashRule.parseDetails(tampered.details(), tampered.hashRule())
                        .equals(HashRule.parseDetails(
                                rows.get(victim).details(), rows.get(victim).hashRule()));
        if (!sameContent) {
            assertThat(again.accept(tampered))
                    .as("a changed entry is found: %s, was %s", visible(tampered), visible(rows.get(victim)))
                    .isNotNull();
        }
    }

    /** A row with every character outside printable ASCII written as a Java escape, for failure messages. */
    private static String visible(AuditStore.Row row) {
        StringBuilder b = new StringBuilder();
        row.toString()
                .chars()
                .forEach(ch ->
                        b.append(ch >= 0x20 && ch < 0x7f ? String.valueOf((char) ch) : String.format("\\u%04x", ch)));
        return b.toString();
    }

    /** What AuditService.append did before rule 2. */
    private static AuditStore.Row ruleOne(
            long seq, Instant time, Actor actor, String action, String target, JsonNode details, String prev) {
        return new AuditStore.Row(
                seq,
                time,
                actor.uid(),
                actor.realm(),
                action,
                target,
                HashRule.storedDetails(details, 1),
                prev,
                HashRule.hash(1, seq, time, actor.uid(), actor.realm(), action, target, details, prev),
                1);
    }

    /** One change to a stored row, or null when the fuzzer's change is no change. */
    private static AuditStore.Row tamper(AuditStore.Row r, FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> {
                String details = r.details();
                if (details.isEmpty()) {
                    yield null;
                }
                int at = data.consumeInt(0, details.length() - 1);
                char c = data.consumeChar();
                if (details.charAt(at) == c) {
                    yield null;
                }
                yield new AuditStore.Row(
                        r.seq(),
                        r.time(),
                        r.actor(),
                        r.realm(),
                        r.action(),
                        r.target(),
                        details.substring(0, at) + c + details.substring(at + 1),
                        r.prevHash(),
                        r.hash(),
                        r.hashRule());
            }
            case 1 ->
                new AuditStore.Row(
                        r.seq(),
                        r.time(),
                        r.actor(),
                        r.realm(),
                        r.action(),
                        r.target(),
                        r.details(),
                        r.prevHash(),
                        r.hash(),
                        r.hashRule() == 1 ? 2 : 1);
            case 2 ->
                new AuditStore.Row(
                        r.seq(),
                        r.time().plusMillis(1),
                        r.actor(),
                        r.realm(),
                        r.action(),
                        r.target(),
                        r.details(),
                        r.prevHash(),
                        r.hash(),
                        r.hashRule());
            default -> {
                String other = r.target() + data.consumeChar();
                yield new AuditStore.Row(
                        r.seq(),
                        r.time(),
                        r.actor(),
                        r.realm(),
                        r.action(),
                        other,
                        r.details(),
                        r.prevHash(),
                        r.hash(),
                        r.hashRule());
            }
        };
    }

    private static String string(FuzzedDataProvider data) {
        int length = data.consumeInt(0, 12);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length && data.remainingBytes() > 0; i++) {
            b.append(data.consumeChar());
        }
        return b.toString();
    }

    /** Details as the services build them: fixed-style keys, values of any text. */
    private static JsonNode details(FuzzedDataProvider data) {
        ObjectNode details = NODES.objectNode();
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields; i++) {
            String key = data.consumeAsciiString(12);
            switch (data.consumeInt(0, 3)) {
                case 0 -> details.put(key, string(data));
                case 1 -> details.put(key, data.consumeLong());
                case 2 -> details.put(key, data.consumeBoolean());
                default -> {
                    ArrayNode list = details.putArray(key);
                    int n = data.consumeInt(0, 3);
                    for (int j = 0; j < n; j++) {
                        list.add(string(data));
                    }
                }
            }
        }
        return details;
    }
}
