package io.keyport.backend.appstore.service;

import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.backend.db.Database;
import java.time.Clock;

/**
 * The current {@link Catalogue}, rebuilt when the catalogue changed and never per request: a write
 * of this server marks it stale after its commit ({@link #markStale}), and {@link #checkGeneration}
 * (a periodic job) marks it stale when another replica's write bumped the stored generation. The
 * first read after that rebuilds it once; concurrent readers wait for that one build, so a client
 * reads its own upload at once.
 */
public final class CatalogueCache {

    private final Database db;
    private final ChartStore store;
    private final Clock clock;
    private final Object buildLock = new Object();
    private volatile Catalogue current;
    private volatile boolean stale = true;

    public CatalogueCache(Database db, ChartStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** The catalogue as of the last change this server knows of. */
    public Catalogue current() {
        Catalogue c = current;
        if (!stale && c != null) {
            return c;
        }
        synchronized (buildLock) {
            if (stale || current == null) {
                stale = false; // a change committed while building marks it stale again
                try {
                    current = db.read(conn -> {
                        long generation = store.generation(conn);
                        return Catalogue.build(
                                generation, store.allVersions(conn), store.allCharts(conn), clock.instant());
                    });
                } catch (RuntimeException e) {
                    stale = true;
                    throw e;
                }
            }
            return current;
        }
    }

    /** The catalogue changed: the next read rebuilds it. */
    public void markStale() {
        stale = true;
    }

    /** Marks the catalogue stale when the stored generation moved past the one it was built from. */
    public void checkGeneration() {
        Catalogue c = current;
        if (c == null || stale) {
            return;
        }
        long stored = db.read(store::generation);
        if (stored != c.generation()) {
            stale = true;
        }
    }
}
