/**
 * The wire records of the application archive API ({@code /api/v1/app}, kploy's KAR registry): the
 * upload answer, the listing entries (kploy's field names, numbers as strings) with Keyport's
 * Kployfile metadata added after them, and the registry status. Shared by the server and the console.
 */
package io.keyport.model.archives;
