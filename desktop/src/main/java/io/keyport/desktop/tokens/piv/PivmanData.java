package io.keyport.desktop.tokens.piv;

import com.yubico.yubikit.core.util.Tlvs;
import java.util.Map;

/**
 * The data objects ykman keeps in the PIV application when a management key is "protected"
 * ({@code ykman piv access change-management-key --protect}, as tuf-on-ci's YubiKey setup recommends):
 * a flags object saying so, and the key itself in the PIN-protected "printed information" object.
 * Both are read from the card, so both parsers take any bytes and throw only
 * {@link IllegalArgumentException}.
 */
final class PivmanData {

    /** ykman's flags object. */
    static final int PIVMAN_DATA = 0x5fff00;

    /** The PIN-protected object ("printed information") that holds the protected management key. */
    static final int PROTECTED_DATA = 0x5fc109;

    private static final int TAG_PIVMAN_DATA = 0x80;
    private static final int TAG_FLAGS = 0x81;
    private static final int TAG_PROTECTED_DATA = 0x88;
    private static final int TAG_KEY = 0x89;
    private static final int FLAG_MANAGEMENT_KEY_PROTECTED = 0x02;

    private PivmanData() {}

    /** Whether ykman's flags object says the management key is stored PIN-protected on the card. */
    static boolean managementKeyProtected(byte[] pivmanData) {
        byte[] flags = decode(decode(pivmanData).get(TAG_PIVMAN_DATA)).get(TAG_FLAGS);
        return flags != null && flags.length > 0 && (flags[0] & FLAG_MANAGEMENT_KEY_PROTECTED) != 0;
    }

    /**
     * The management key in the protected object.
     *
     * @throws IllegalArgumentException if the object holds none, or is malformed
     */
    static byte[] protectedManagementKey(byte[] protectedData) {
        byte[] key = decode(decode(protectedData).get(TAG_PROTECTED_DATA)).get(TAG_KEY);
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("the protected object holds no management key");
        }
        return key;
    }

    private static Map<Integer, byte[]> decode(byte[] tlvs) {
        if (tlvs == null) {
            throw new IllegalArgumentException("a ykman data object is missing a field");
        }
        try {
            return Tlvs.decodeMap(tlvs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a ykman data object is malformed: " + e, e);
        }
    }
}
