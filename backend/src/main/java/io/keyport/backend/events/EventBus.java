package io.keyport.backend.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In-process events between domains (a version became approved, so TUF may sign it). Publishers
 * call {@link #publish} after their transaction committed; subscribers run synchronously on the
 * publisher's thread, and a failing subscriber is logged without affecting the publisher or the
 * others. Events do not cross replicas: a subscriber that must not miss one re-reads durable state.
 */
public final class EventBus {

    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());

    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    /** Registers {@code subscriber} for events of exactly {@code type}. */
    @SuppressWarnings("unchecked")
    public <T> void subscribe(Class<T> type, Consumer<? super T> subscriber) {
        subscribers
                .computeIfAbsent(type, t -> new CopyOnWriteArrayList<>())
                .add(e -> ((Consumer<Object>) subscriber).accept(e));
    }

    public void publish(Object event) {
        for (Consumer<Object> subscriber : subscribers.getOrDefault(event.getClass(), List.of())) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Subscriber failed on " + event, e);
            }
        }
    }
}
