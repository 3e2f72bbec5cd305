/** HTTP layer of the archives domain: parses requests, calls the service, writes kploy's answers. */
package io.keyport.backend.archives.api;
