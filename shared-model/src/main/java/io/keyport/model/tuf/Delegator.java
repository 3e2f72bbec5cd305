package io.keyport.model.tuf;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A role that delegates trust: {@link Root} for the top-level roles, {@link Targets} for delegated
 * targets roles. It verifies the signatures of a delegated role's metadata against the keys and
 * threshold it names, as the client workflow does ("verify_delegate").
 *
 * <p>A key counts once: duplicate signatures by one keyid count once, and two keyids with the same key
 * material count once. Signatures by keys the delegator does not list for the role are ignored.
 */
public sealed interface Delegator permits Root, Targets {

    /** The keys and threshold this role names for {@code roleName}, if it delegates to it. */
    Optional<RoleKeys> delegatedRole(String roleName);

    /** A key this role lists, by keyid. */
    Optional<Key> delegatedKey(String keyId);

    /**
     * Which of the role's keys have validly signed {@code delegate}, and which have not. Never throws
     * for bad signatures; the result says whether the threshold is reached.
     *
     * @throws TufException {@link TufException.Reason#INCONSISTENT} if this role does not delegate to
     *     {@code roleName}
     */
    default VerificationResult verificationResult(String roleName, Metadata<?> delegate) {
        RoleKeys role = delegatedRole(roleName)
                .orElseThrow(
                        () -> new TufException(TufException.Reason.INCONSISTENT, "no delegation to role " + roleName));
        byte[] payload = delegate.signedBytes();
        Set<String> signed = new LinkedHashSet<>();
        Set<String> unsigned = new LinkedHashSet<>();
        List<Key> counted = new ArrayList<>();
        for (String keyId : role.keyIds()) {
            Optional<Key> key = delegatedKey(keyId);
            boolean valid = key.isPresent()
                    && counted.stream().noneMatch(k -> sameKey(k, key.get()))
                    && delegate.signatures().stream()
                            .filter(s -> s.keyId().equals(keyId))
                            .anyMatch(s -> key.get().verify(payload, s.bytes()));
            if (valid) {
                signed.add(keyId);
                counted.add(key.get());
            } else {
                unsigned.add(keyId);
            }
        }
        return new VerificationResult(roleName, role.threshold(), signed, unsigned);
    }

    /**
     * Verifies that {@code delegate} is signed by a threshold of the keys this role names for it.
     *
     * @throws TufException {@link TufException.Reason#UNSIGNED} if the threshold is not reached
     */
    default void verifyDelegate(String roleName, Metadata<?> delegate) {
        VerificationResult result = verificationResult(roleName, delegate);
        if (!result.verified()) {
            throw new TufException(
                    TufException.Reason.UNSIGNED,
                    roleName + " has " + result.signed().size() + " valid signature(s) of the " + result.threshold()
                            + " needed");
        }
    }

    private static boolean sameKey(Key a, Key b) {
        try {
            return MessageDigest.isEqual(
                    a.toPublicKey().getEncoded(), b.toPublicKey().getEncoded());
        } catch (TufException e) {
            return a.keyType().equals(b.keyType())
                    && a.publicValue().strip().equals(b.publicValue().strip());
        }
    }
}
