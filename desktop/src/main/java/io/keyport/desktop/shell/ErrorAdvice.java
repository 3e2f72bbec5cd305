package io.keyport.desktop.shell;

import io.keyport.desktop.service.BackendException;
import java.util.regex.Pattern;

/**
 * The text a failed action shows: the server's own message first, then one sentence on what to do
 * about it, chosen by the HTTP status. Pure (no JavaFX), so every case is unit-tested.
 */
public final class ErrorAdvice {

    /** A 403 message that says what is missing (a team, a role, a scope, admin rights). */
    private static final Pattern NAMES_WHAT_IS_NEEDED =
            Pattern.compile("\\b(team|admins?|role|scope|member|owner|people)\\b", Pattern.CASE_INSENSITIVE);

    private ErrorAdvice() {}

    /**
     * The server's message for a refusal followed by advice for its status; the exception's
     * message for anything else (the class name if it has none).
     */
    public static String message(Throwable error) {
        if (error instanceof BackendException backend) {
            String advice = advice(backend.status(), backend.getMessage());
            String text =
                    backend.getMessage() == null ? "" : backend.getMessage().strip();
            if (advice.isEmpty()) {
                return text;
            }
            return text.isEmpty() ? advice : sentence(text) + " " + advice;
        }
        String text = error.getMessage();
        return text == null || text.isBlank() ? error.getClass().getSimpleName() : text;
    }

    /** What to do about a failure with this status (0: no answer arrived); empty if nothing fits. */
    public static String advice(int status, String serverMessage) {
        return switch (status) {
            case 0 -> "Check that the server runs and the network is up, then try again.";
            case 401 -> "Your session is no longer valid: sign in again.";
            case 403 ->
                serverMessage != null
                                && NAMES_WHAT_IS_NEEDED.matcher(serverMessage).find()
                        ? "Ask an admin for the access named above."
                        : "You lack the rights for this; ask an admin for access.";
            case 404 -> "It may have been removed: reload the view.";
            case 409 -> "Someone changed it meanwhile: reload the view and try again.";
            case 413 ->
                "That is over the server's size limit: send something smaller, or ask an admin to raise the limit.";
            case 422 -> "Correct the fields named above and try again.";
            case 503 -> "The server is not serving right now: try again shortly; if it persists, see the server log.";
            default -> status >= 500 && status <= 599 ? "The server failed: its log has the details." : "";
        };
    }

    private static String sentence(String text) {
        char last = text.charAt(text.length() - 1);
        return last == '.' || last == '!' || last == '?' ? text : text + ".";
    }
}
