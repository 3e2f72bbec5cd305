/**
 * The signed-in session every feature shares: server, user, access token renewed before it expires
 * (the password kept in memory only), connection state.
 */
package io.keyport.desktop.session;
