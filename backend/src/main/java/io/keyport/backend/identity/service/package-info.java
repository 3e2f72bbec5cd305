/** Identity rules: password and client-credentials grants, token and password verification with throttling, external OIDC, the team-write rule shared by the domains. No HTTP types beyond ApiException. */
package io.keyport.backend.identity.service;
