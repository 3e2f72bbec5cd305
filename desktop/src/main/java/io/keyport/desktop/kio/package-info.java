/**
 * The console's client of the applications domain: {@link io.keyport.desktop.kio.KioClient} over
 * the session's transport, with the {@code shared-model} records.
 */
package io.keyport.desktop.kio;
