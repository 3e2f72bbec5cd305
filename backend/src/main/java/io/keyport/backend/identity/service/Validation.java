package io.keyport.backend.identity.service;

import io.keyport.backend.http.ApiException;
import java.util.regex.Pattern;

/** Identifier rules of the identity domain; a violation is a 400 naming the rule. */
public final class Validation {

    /** Team ids: lower case, digits, '-' and '_', 2 to 64 characters, starting with a letter. */
    public static final Pattern TEAM_ID = Pattern.compile("^[a-z][a-z0-9_-]{0,62}[a-z0-9]$");
    /** User ids: letters, digits, '.', '_', '-', '@'; 1 to 64 characters; never ':' (Basic auth). */
    public static final Pattern UID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$");

    private Validation() {}

    public static String teamId(String id) {
        if (id == null || !TEAM_ID.matcher(id).matches()) {
            throw ApiException.badRequest(
                    "Invalid team id; it must match " + TEAM_ID.pattern(), java.util.Map.of("field", "team"));
        }
        return id;
    }

    public static String uid(String uid) {
        if (uid == null || !UID.matcher(uid).matches()) {
            throw ApiException.badRequest(
                    "Invalid user id; it must match " + UID.pattern(), java.util.Map.of("field", "uid"));
        }
        return uid;
    }

    public static String password(String password) {
        if (password.length() < 8) {
            throw ApiException.badRequest(
                    "The password must have at least 8 characters", java.util.Map.of("field", "password"));
        }
        if (password.length() > 1024) {
            throw ApiException.badRequest(
                    "The password must have at most 1024 characters", java.util.Map.of("field", "password"));
        }
        return password;
    }
}
