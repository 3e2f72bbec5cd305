/** The Keyport console (JavaFX). Features arrive with their issues; this module builds from the start. */
package io.keyport.desktop;
