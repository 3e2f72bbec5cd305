package io.keyport.desktop.tokens;

/**
 * Asks the key holder for a PIN when a token needs one. {@code triesLeft} is negative when the token
 * does not say. The caller clears the returned array after use; returning {@code null} cancels.
 */
@FunctionalInterface
public interface PinSource {
    char[] pin(TokenInfo token, int triesLeft);
}
