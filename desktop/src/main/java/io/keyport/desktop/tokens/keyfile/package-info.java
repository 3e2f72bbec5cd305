/**
 * Encrypted key files as a key source, for ceremony rehearsals only (flagged as such in every step and
 * in the transcript).
 */
package io.keyport.desktop.tokens.keyfile;
