/**
 * How the console runs blocking work: the {@link io.keyport.desktop.concurrent.TaskExecutor} seam,
 * with a JavaFX implementation for the running console and an inline one for tests.
 */
package io.keyport.desktop.concurrent;
