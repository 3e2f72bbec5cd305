package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading, checking and writing the fields every {@link Signed} role shares. */
final class SignedParts {

    private SignedParts() {}

    /** The fields every role reads and writes itself. */
    static final Set<String> COMMON = Set.of("_type", "spec_version", "version", "expires");

    /** The common fields as read from a role's {@code signed} object. */
    record Common(String specVersion, long version, Instant expires) {}

    private static Pattern specVersionShape() {
        return Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    }

    static Common common(Fields f, String type) {
        String actual = f.string("_type");
        if (!actual.equals(type)) {
            throw TufException.malformed("expected _type " + type + ", found " + actual);
        }
        String specVersion = f.string("spec_version");
        long version = f.integer("version");
        Instant expires = TufTime.parse(f.string("expires"));
        return new Common(specVersion, version, expires);
    }

    /** Validates the common fields of a record under construction; returns the expiry truncated to seconds. */
    static Instant validate(String type, String specVersion, long version, Instant expires) {
        if (!specVersionShape().matcher(specVersion).matches() || !specVersion.startsWith("1.")) {
            throw TufException.malformed(type + ": unsupported spec_version " + specVersion + " (need 1.x or 1.x.y)");
        }
        if (version < 1) {
            throw TufException.malformed(type + ": version must be at least 1: " + version);
        }
        if (expires == null) {
            throw TufException.malformed(type + ": expires is missing");
        }
        return expires.truncatedTo(ChronoUnit.SECONDS);
    }

    static ObjectNode commonJson(Signed signed) {
        ObjectNode out = Fields.object(signed.unrecognizedFields());
        out.put("_type", signed.type());
        out.put("spec_version", signed.specVersion());
        out.put("version", signed.version());
        out.put("expires", TufTime.format(signed.expires()));
        return out;
    }

    static Set<String> known(String... names) {
        Set<String> all = new java.util.HashSet<>(COMMON);
        all.addAll(Set.of(names));
        return Set.copyOf(all);
    }
}
