/**
 * The console's key ceremony wizard (issue 11, decision 0048): bootstrap, signing events and the
 * transcript viewer over the ceremony engine ({@link io.keyport.desktop.ceremony.CeremonyService}),
 * with key sources chosen from a list of {@link io.keyport.desktop.ceremonies.KeySourceFactory}. It
 * also runs in the console's offline mode ({@link io.keyport.desktop.ceremonies.OfflineCeremony}),
 * which opens no network connection.
 */
package io.keyport.desktop.ceremonies;
