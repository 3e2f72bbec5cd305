/**
 * Offline key ceremonies (decision 0047): bootstrap, root rotation and signing events as steps on a
 * ceremony file that carries the whole state, so that signing can stop after one signature and go on
 * later on another machine. {@link io.keyport.desktop.ceremony.CeremonyService} is the engine the
 * command line ({@link io.keyport.desktop.ceremony.CeremonyCommand}) and the console's wizard share; it
 * has no JavaFX and makes no network connection except in
 * {@link io.keyport.desktop.ceremony.CeremonyService#send}. Each step is recorded in a transcript that
 * the participating keys seal ({@link io.keyport.desktop.ceremony.Transcript}).
 */
package io.keyport.desktop.ceremony;
