package io.keyport.backend.identity.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (BouncyCastle), stored in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} so that parameters can be raised later
 * without invalidating stored hashes. The defaults are OWASP's minimum for Argon2id.
 */
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /**
     * Bounds for parameters read from a stored hash; outside them the string is malformed. A
     * corrupt or hostile row must not make one login allocate gigabytes or run for hours, and a
     * salt under Argon2's 8-byte minimum or a tag under 16 bytes is not a hash we would write.
     */
    private static final int MAX_MEMORY_KIB = 256 * 1024;

    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 64;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_HASH_BYTES = 128;

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();
    private volatile String dummy;

    public PasswordHasher() {
        this(19_456, 2, 1);
    }

    public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Checks a password against a stored PHC string in constant time; a malformed string never matches. */
    public boolean verify(String password, String encoded) {
        Parsed parsed = parse(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] actual = derive(password, parsed.salt(), parsed.m(), parsed.t(), parsed.p(), parsed.expected().length);
        return MessageDigest.isEqual(parsed.expected(), actual);
    }

    /** Whether {@code encoded} is a PHC string this hasher can verify against. */
    public boolean wellFormed(String encoded) {
        return parse(encoded) != null;
    }

    /**
     * The hash of a random password with this hasher's parameters, made once: verifying against it
     * costs what verifying a real password costs, for callers that must not reveal whether a user
     * exists.
     */
    public String dummyHash() {
        String hash = dummy;
        if (hash == null) {
            byte[] password = new byte[24];
            random.nextBytes(password);
            hash = hash(Base64.getEncoder().encodeToString(password));
            dummy = hash;
        }
        return hash;
    }

    private record Parsed(int m, int t, int p, byte[] salt, byte[] expected) {}

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            String[] parts = encoded.split("\\$");
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            int m = 0;
            int t = 0;
            int p = 0;
            for (String kv : parts[3].split(",")) {
                String[] pair = kv.split("=", 2);
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return null;
                    }
                }
            }
            Base64.Decoder b64 = Base64.getDecoder();
            if (p < 1 || p > MAX_PARALLELISM || t < 1 || t > MAX_ITERATIONS || m < 8 * p || m > MAX_MEMORY_KIB) {
                return null;
            }
            byte[] salt = b64.decode(parts[4]);
            byte[] expected = b64.decode(parts[5]);
            if (salt.length < MIN_SALT_BYTES || expected.length < MIN_HASH_BYTES || expected.length > MAX_HASH_BYTES) {
                return null;
            }
            return new Parsed(m, t, p, salt, expected);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
