package io.keyport.model.registry;

import java.util.Optional;

/**
 * A manifest reference (OCI distribution-spec {@code <reference>}): a {@link Tag} or a
 * {@link Digest}, nothing else. Anything with a colon is read as a digest, so a malformed digest
 * is refused as a digest, not taken for a tag.
 */
public record Reference(Tag tag, Digest digest) {

    public Reference {
        if ((tag == null) == (digest == null)) {
            throw new IllegalArgumentException("a reference is a tag or a digest");
        }
    }

    public static Reference parse(String value) {
        if (Digest.looksLikeDigest(value)) {
            return new Reference(null, Digest.parse(value));
        }
        return new Reference(Tag.parse(value), null);
    }

    public static Reference of(Tag tag) {
        return new Reference(tag, null);
    }

    public static Reference of(Digest digest) {
        return new Reference(null, digest);
    }

    public boolean isDigest() {
        return digest != null;
    }

    public Optional<Tag> asTag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> asDigest() {
        return Optional.ofNullable(digest);
    }

    @Override
    public String toString() {
        return tag != null ? tag.toString() : digest.toString();
    }
}
