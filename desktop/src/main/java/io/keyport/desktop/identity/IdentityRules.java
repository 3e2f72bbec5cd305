package io.keyport.desktop.identity;

import io.keyport.backend.identity.service.Validation;
import java.security.SecureRandom;

/**
 * What the forms check before they send anything: the server's own patterns for team and user ids
 * (taken from the bundled server, so both sides always agree) and its password length. Each check
 * answers a sentence for the user, or null when the value is fine. The server still checks
 * everything; these only spare a round trip and say what is wrong while the user types.
 */
public final class IdentityRules {

    /** The server's minimum password length (docs/identity.md). */
    public static final int MIN_PASSWORD = 8;

    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdentityRules() {}

    /** Null if {@code id} is a valid team id, otherwise what is wrong with it. */
    public static String teamIdProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "Enter a team id";
        }
        return Validation.TEAM_ID.matcher(id).matches()
                ? null
                : "2 to 64 characters: lower-case letters, digits, '-' and '_', starting with a letter";
    }

    /** Null if {@code uid} is a valid user id, otherwise what is wrong with it. */
    public static String uidProblem(String uid) {
        if (uid == null || uid.isEmpty()) {
            return "Enter a user id";
        }
        return Validation.UID.matcher(uid).matches()
                ? null
                : "Up to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit";
    }

    /** Null if {@code password} is long enough, otherwise what is wrong with it. */
    public static String passwordProblem(String password) {
        if (password == null || password.isEmpty()) {
            return "Enter a password or let the console generate one";
        }
        return password.length() >= MIN_PASSWORD ? null : "At least " + MIN_PASSWORD + " characters";
    }

    /** A random password of 20 characters from an alphabet without look-alikes (about 115 bits). */
    public static String generatePassword() {
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }
}
