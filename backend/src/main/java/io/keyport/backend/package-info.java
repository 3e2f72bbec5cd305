/** The Keyport server: the settings, parsed once into one record per concern (KeyportConfig), the explicit wiring of every domain (KeyportServer), and the entry point (Main). */
package io.keyport.backend;
