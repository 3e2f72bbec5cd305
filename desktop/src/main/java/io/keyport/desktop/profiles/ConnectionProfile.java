package io.keyport.desktop.profiles;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.keyport.desktop.connection.ConnectionViewModel;
import java.util.Objects;

/**
 * One server the console can sign in to: a name to pick it by, its URL, the user to sign in as and,
 * for a server whose TLS certificate is issued by a private CA, that CA's certificate in PEM (then
 * the console trusts that CA alone for this server). Never a password: those stay in memory.
 *
 * @param bundled true for the server the console starts itself; its URL is known only once it runs
 */
public record ConnectionProfile(String name, String url, String user, String trustedCaPem, boolean bundled) {

    /** The name of the profile of the bundled server. */
    public static final String BUNDLED_NAME = "Bundled server";

    public ConnectionProfile {
        Objects.requireNonNull(name, "name");
        url = url == null ? "" : url.trim();
        user = user == null ? "" : user.trim();
        trustedCaPem = trustedCaPem == null || trustedCaPem.isBlank() ? null : trustedCaPem.strip();
    }

    /** The bundled server's profile, signing in as {@code admin} by default. */
    public static ConnectionProfile bundled(String url, String user) {
        return new ConnectionProfile(BUNDLED_NAME, url, user, null, true);
    }

    /** A profile that can be saved: a name, and (unless bundled) an http(s) URL. */
    @JsonIgnore
    public boolean valid() {
        return !name.isBlank() && (bundled || ConnectionViewModel.isServerUrl(url));
    }

    @Override
    public String toString() {
        return name;
    }
}
