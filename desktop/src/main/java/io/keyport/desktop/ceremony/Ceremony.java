package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of one ceremony, as the ceremony file holds it, so that signing can stop after one
 * signature and go on later on another machine: what kind it is, the root being signed (with the
 * signatures so far), the trusted root it follows, the key holders and their tokens, and the transcript
 * (steps and seals). Values only; {@link CeremonyService} changes it step by step and
 * {@link CeremonyFile} reads and writes it.
 *
 * @param settings bootstrap only: the {@code settings.roles} object of the bootstrap payload
 * @param trustedRoot rotation and signing events: the root clients trust now; null for a bootstrap
 * @param importedSignatures keyids whose signatures came with imported metadata (not signed here)
 */
public record Ceremony(
        String id,
        Kind kind,
        ObjectNode settings,
        Metadata<Root> trustedRoot,
        Metadata<Root> root,
        List<String> importedSignatures,
        List<Holder> holders,
        List<Step> steps,
        List<Seal> seals) {

    /** What a ceremony produces. */
    public enum Kind {
        /** Root v1 and the bootstrap payload. */
        BOOTSTRAP,
        /** A new root version built here (keys added or removed, threshold, expiry). */
        ROTATION,
        /** Signatures for metadata the server holds pending ({@code GET /api/v1/metadata/sign}). */
        SIGNING
    }

    /**
     * A key holder, the key they brought and the token it lives on; {@code attestationChain} holds the
     * attestation certificates (base64 DER, leaf first) when the token attested the key.
     */
    public record Holder(
            String name, String keyId, Key key, TokenInfo token, String attestation, List<String> attestationChain) {
        public Holder {
            attestationChain = attestationChain == null ? List.of() : List.copyOf(attestationChain);
        }

        public Holder(String name, String keyId, Key key, TokenInfo token, String attestation) {
            this(name, keyId, key, token, attestation, List.of());
        }
    }

    /** One file read or written by a step: {@code in} or {@code out}, with its SHA-256. */
    public record FileHash(String name, String direction, String sha256) {}

    /** One step of the transcript. */
    public record Step(Instant at, String step, String actor, String detail, List<FileHash> files) {
        public Step {
            files = List.copyOf(files);
        }
    }

    /**
     * A key's signature over the first {@code steps} steps of the transcript ({@link Transcript#sealPayload}):
     * the key holder vouches for what happened up to their signature.
     */
    public record Seal(String keyId, int steps, String sha256, String sig) {}

    public Ceremony {
        importedSignatures = List.copyOf(importedSignatures);
        holders = List.copyOf(holders);
        steps = List.copyOf(steps);
        seals = List.copyOf(seals);
    }

    public Optional<Holder> holder(String name) {
        return holders.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public Optional<Holder> holderOfKey(String keyId) {
        return holders.stream().filter(h -> h.keyId().equals(keyId)).findFirst();
    }

    Ceremony withRoot(Metadata<Root> newRoot) {
        return new Ceremony(id, kind, settings, trustedRoot, newRoot, importedSignatures, holders, steps, seals);
    }

    Ceremony withHolder(Holder holder) {
        List<Holder> list = new ArrayList<>(holders);
        list.removeIf(h -> h.name().equals(holder.name()));
        list.add(holder);
        return new Ceremony(id, kind, settings, trustedRoot, root, importedSignatures, list, steps, seals);
    }

    Ceremony withStep(Step step) {
        List<Step> list = new ArrayList<>(steps);
        list.add(step);
        return new Ceremony(id, kind, settings, trustedRoot, root, importedSignatures, holders, list, seals);
    }

    Ceremony withSeal(Seal seal) {
        List<Seal> list = new ArrayList<>(seals);
        list.add(seal);
        return new Ceremony(id, kind, settings, trustedRoot, root, importedSignatures, holders, steps, list);
    }
}
