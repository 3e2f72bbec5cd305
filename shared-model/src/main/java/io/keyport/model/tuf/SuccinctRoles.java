package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Succinct hash-bin delegation (TAP 15): {@code 2^bit_length} bins named
 * {@code <name_prefix>-<bin in hex>}, zero-padded to the hex width of the last bin, all signed by the
 * same keys with the same threshold, all terminating. A target path belongs to the bin numbered by the
 * first {@code bit_length} bits of the SHA-256 of its UTF-8 bytes.
 */
public record SuccinctRoles(
        List<String> keyIds, int threshold, int bitLength, String namePrefix, Map<String, JsonNode> unrecognizedFields)
        implements RoleKeys {

    private static final Set<String> KNOWN = Set.of("keyids", "threshold", "bit_length", "name_prefix");

    public SuccinctRoles {
        keyIds = List.copyOf(keyIds);
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "succinct_roles");
        RoleKeys.validate(keyIds, threshold, "succinct_roles");
        if (bitLength < 1 || bitLength > 32) {
            throw TufException.malformed("succinct_roles.bit_length must be 1..32: " + bitLength);
        }
    }

    public static SuccinctRoles of(List<String> keyIds, int threshold, int bitLength, String namePrefix) {
        return new SuccinctRoles(keyIds, threshold, bitLength, namePrefix, Map.of());
    }

    /** {@code 2^bit_length}. */
    public long numberOfBins() {
        return 1L << bitLength;
    }

    /** The number of hex digits of a bin suffix: that of the last bin's number. */
    public int suffixLength() {
        return Long.toHexString(numberOfBins() - 1).length();
    }

    /** The bin number of a target path: the top {@code bit_length} bits of its SHA-256. */
    public long binNumber(String targetPath) {
        byte[] hash = TufJson.digest("sha256", targetPath.getBytes(StandardCharsets.UTF_8));
        long first32 =
                ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
        return first32 >>> (32 - bitLength);
    }

    /** The name of bin {@code number}, e.g. {@code bins-0a}. */
    public String roleName(long number) {
        if (number < 0 || number >= numberOfBins()) {
            throw new IllegalArgumentException("no bin " + number + " among " + numberOfBins());
        }
        String hex = Long.toHexString(number);
        return namePrefix + "-" + "0".repeat(suffixLength() - hex.length()) + hex;
    }

    /** The name of the bin a target path belongs to. */
    public String roleForTarget(String targetPath) {
        return roleName(binNumber(targetPath));
    }

    /** All bin names in order, computed on access (there may be 2^32 of them). */
    public List<String> roleNames() {
        long bins = numberOfBins();
        if (bins > Integer.MAX_VALUE) {
            throw new IllegalStateException("too many bins to list: " + bins);
        }
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return roleName(index);
            }

            @Override
            public int size() {
                return (int) bins;
            }
        };
    }

    /** Whether {@code name} is one of the bins. */
    public boolean isDelegatedRole(String name) {
        String prefix = namePrefix + "-";
        if (!name.startsWith(prefix) || name.length() != prefix.length() + suffixLength()) {
            return false;
        }
        String suffix = name.substring(prefix.length());
        if (!suffix.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
        return Long.parseLong(suffix, 16) < numberOfBins();
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.set("keyids", Fields.array(keyIds));
        out.put("threshold", threshold);
        out.put("bit_length", bitLength);
        out.put("name_prefix", namePrefix);
        return out;
    }

    static SuccinctRoles fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        return new SuccinctRoles(
                f.strings("keyids"),
                f.positiveInt("threshold"),
                f.positiveInt("bit_length"),
                f.string("name_prefix"),
                f.unrecognized());
    }
}
