/** Identity: its module ({@link io.keyport.backend.identity.IdentityModule}) and the ports it offers other domains. */
package io.keyport.backend.identity;
