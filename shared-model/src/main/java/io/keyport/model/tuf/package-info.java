/**
 * The TUF 1.0 metadata model, pure and without I/O, shared by the server (which builds, signs and
 * publishes metadata) and the console (which signs offline and verifies).
 *
 * <ul>
 *   <li>{@link io.keyport.model.tuf.Metadata} is the signed envelope; {@link io.keyport.model.tuf.Root},
 *       {@link io.keyport.model.tuf.Targets}, {@link io.keyport.model.tuf.Snapshot} and
 *       {@link io.keyport.model.tuf.Timestamp} are the roles, immutable records that keep unrecognised
 *       fields at every level so signatures survive a round trip.</li>
 *   <li>{@link io.keyport.model.tuf.TufJson} reads strictly and writes the OLPC canonical JSON TUF signs.</li>
 *   <li>{@link io.keyport.model.tuf.Delegator} verifies thresholds of distinct keys;
 *       {@link io.keyport.model.tuf.TrustedMetadataSet} is the client workflow's trusted set.</li>
 *   <li>Keys and schemes are in {@code crypto}, signers (key files, PKCS#11) in {@code signer}.</li>
 * </ul>
 *
 * <p>Records are immutable and thread-safe. The {@code JsonNode} values in {@code unrecognizedFields()}
 * are the record's own copies: read them, do not modify them.
 *
 * <p>See {@code docs/tuf.md} and decision 0027.
 */
package io.keyport.model.tuf;
