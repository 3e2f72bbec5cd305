/** API records of the identity domain: teams, users, tokens, service credentials. */
package io.keyport.model.identity;
