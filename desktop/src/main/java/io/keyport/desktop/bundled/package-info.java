/** The Keyport server the console runs in its own process, and how it is started and stopped. */
package io.keyport.desktop.bundled;
