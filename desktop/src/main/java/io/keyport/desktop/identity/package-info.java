/**
 * The console's client of the identity domain: teams, users and the scopes granted to services,
 * over the shared {@link io.keyport.desktop.service.Transport}, with the rules for identifiers the
 * forms check before anything is sent.
 */
package io.keyport.desktop.identity;
