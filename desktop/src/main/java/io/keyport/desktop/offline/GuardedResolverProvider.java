package io.keyport.desktop.offline;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The name lookup hook: the JVM's resolver, found through {@code META-INF/services} on the first
 * lookup. Unarmed it asks the JDK's built-in resolver; while {@link NetworkGuard} is armed it records
 * and refuses each lookup (a literal address such as {@code 127.0.0.1} needs none).
 */
public final class GuardedResolverProvider extends InetAddressResolverProvider {

    private static volatile boolean active;

    /** Whether this is the JVM's resolver: it answered a lookup, or the service loader picks it first. */
    static boolean active() {
        return active
                || java.util.ServiceLoader.load(InetAddressResolverProvider.class, ClassLoader.getSystemClassLoader())
                        .findFirst()
                        .map(p -> p instanceof GuardedResolverProvider)
                        .orElse(false);
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        active = true;
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                refuse("name lookup", host);
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                refuse("address lookup", InetAddress.getByAddress(addr).getHostAddress());
                return builtin.lookupByAddress(addr);
            }
        };
    }

    private static void refuse(String kind, String target) throws UnknownHostException {
        try {
            NetworkGuard.check(kind, target);
        } catch (NetworkGuard.OfflineException e) {
            UnknownHostException refused = new UnknownHostException(e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }

    @Override
    public String name() {
        return "keyport-offline-guard";
    }
}
