/**
 * The console's offline mode guard (issue 11, decision 0049): {@link io.keyport.desktop.offline.NetworkGuard}
 * hooks every way this JVM opens a connection (proxy selector, socket and server socket factories,
 * datagram sockets, the NIO selector provider, the name resolver) and, while armed, records and
 * refuses each attempt.
 */
package io.keyport.desktop.offline;
