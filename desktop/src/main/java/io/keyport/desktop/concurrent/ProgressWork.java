package io.keyport.desktop.concurrent;

/** Background work that reports its progress and honours cancellation. */
@FunctionalInterface
public interface ProgressWork<T> {

    T call(Progress progress) throws Exception;
}
