/** The Kio applications domain: its module ({@link io.keyport.backend.kio.KioModule}). */
package io.keyport.backend.kio;
