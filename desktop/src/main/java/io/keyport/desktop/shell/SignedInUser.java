package io.keyport.desktop.shell;

import java.util.Set;

/**
 * Who is signed in, as the server reported it at sign-in: uid, realm ({@code /employees} or
 * {@code /services}), admin or not, and the teams the user belongs to.
 */
public record SignedInUser(String serverUrl, String uid, String realm, boolean admin, Set<String> teams) {
    public SignedInUser {
        teams = Set.copyOf(teams);
    }
}
