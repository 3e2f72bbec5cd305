/** The Keyport server: configuration and explicit wiring of every domain (KeyportServer), and the entry point (Main). */
package io.keyport.backend;
