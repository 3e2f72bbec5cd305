/** The TUF repository logic: bootstrap checks, publication, renewal, tasks, the online key. */
package io.keyport.backend.tuf.service;
