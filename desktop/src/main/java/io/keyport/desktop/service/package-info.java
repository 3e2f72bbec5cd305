/**
 * The console's links to the outside: the HTTP client for a Keyport server. Calls block and must run
 * in background tasks, never on the JavaFX thread.
 */
package io.keyport.desktop.service;
