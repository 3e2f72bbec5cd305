/** Identity over HTTP: OAuth2 token endpoints, teams and users, service credentials, and the Authenticator every domain's API uses to find its caller. */
package io.keyport.backend.identity.api;
