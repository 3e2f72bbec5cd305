/** In-process events between domains. */
package io.keyport.backend.events;
