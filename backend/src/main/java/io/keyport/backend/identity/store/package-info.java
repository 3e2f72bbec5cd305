/** JDBC persistence of users, teams, memberships and service credentials. Called only by identity services. */
package io.keyport.backend.identity.store;
