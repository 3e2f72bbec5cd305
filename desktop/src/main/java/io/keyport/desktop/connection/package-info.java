/**
 * The connection screen: server URL and credentials in, a signed-in session (token and uid) out.
 * {@link io.keyport.desktop.connection.ConnectionView} draws it, {@link io.keyport.desktop.connection.ConnectionViewModel}
 * holds its state and talks to the server.
 */
package io.keyport.desktop.connection;
