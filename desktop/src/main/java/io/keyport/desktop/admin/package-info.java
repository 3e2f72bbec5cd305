/**
 * The Administration feature (admins only): users, teams and memberships, and per application its
 * approval policy and the scopes of its service identity. Each tab has a view model, unit-tested
 * without the JavaFX thread, and a code-built view that only binds to it.
 */
package io.keyport.desktop.admin;
