package io.keyport.backend.tuf;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The TUF repository's settings ({@code KEYPORT_TUF_*}), parsed by {@link io.keyport.backend.KeyportConfig}.
 *
 * @param onlineKeyFile  the online signing key: an unencrypted PKCS#8 PEM private key (Ed25519, ECDSA
 *                       P-256/P-384 or RSA); generated (Ed25519) on the first start when the file is missing
 * @param renewInterval  how often each replica checks the online roles for expiry (and once at start)
 * @param renewMargin    an online role is renewed once less than this remains before it expires; under
 *                       a day, since the shortest expiration is one day
 * @param retention      how long a superseded version of a role other than root stays published, so that
 *                       clients in the middle of a refresh still find it; every root version stays
 */
public record TufConfig(Path onlineKeyFile, Duration renewInterval, Duration renewMargin, Duration retention) {

    public TufConfig {
        if (renewInterval.isNegative() || renewInterval.isZero()) {
            throw new IllegalArgumentException("KEYPORT_TUF_RENEW_INTERVAL must be a positive duration such as PT1M");
        }
        if (renewMargin.isNegative() || renewMargin.isZero() || renewMargin.compareTo(Duration.ofDays(1)) >= 0) {
            throw new IllegalArgumentException(
                    "KEYPORT_TUF_RENEW_MARGIN must be positive and under a day (the shortest expiration), such as PT1H");
        }
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "KEYPORT_TUF_RETENTION must be at least a minute (clients refreshing need the versions they"
                            + " started with), such as P1D");
        }
    }

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);
    public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RENEW_MARGIN = Duration.ofHours(1);
}
