// Generates a small signed TUF repository with tuf-js's model classes (@tufjs/models) and
// Node's crypto, as fixtures for Keyport's Java verifier. Run: node generate.js <outdir>
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const tuf = require('@tufjs/models');

const out = process.argv[2];
require('@tufjs/models/dist/role'); // SuccinctRoles is not exported at the top level
fs.mkdirSync(out, { recursive: true });
const EXPIRES = '2035-01-01T00:00:00Z';

function canonicalKeyid(key) {
  // sha256 over the canonical JSON of the published key object
  const { canonicalize } = require('@tufjs/canonical-json');
  return crypto.createHash('sha256').update(canonicalize(key)).digest('hex');
}

function ed25519() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const key = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw.toString('hex') } };
  return { privateKey, key, keyid: canonicalKeyid(key), sign: (d) => crypto.sign(null, d, privateKey) };
}
function ecdsa(curve, scheme, hash) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
  const key = { keytype: 'ecdsa', scheme, keyval: { public: publicKey.export({ format: 'pem', type: 'spki' }) } };
  return { privateKey, key, keyid: canonicalKeyid(key), sign: (d) => crypto.sign(hash, d, privateKey) };
}
function rsaPss() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = { keytype: 'rsa', scheme: 'rsassa-pss-sha256', keyval: { public: publicKey.export({ format: 'pem', type: 'spki' }) } };
  // maximum salt length, as Go signs: the verifier must find the salt length itself
  const sign = (d) => crypto.sign('sha256', d, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_MAX_SIGN });
  return { privateKey, key, keyid: canonicalKeyid(key), sign };
}

function signWith(md, ...keys) {
  for (const k of keys) {
    md.sign((data) => new tuf.Signature({ keyID: k.keyid, sig: k.sign(data).toString('hex') }), true);
  }
}
function write(name, md) {
  const text = JSON.stringify(md.toJSON(), null, 1);
  fs.writeFileSync(path.join(out, name), text);
  return Buffer.from(text, 'utf8');
}
function metaFile(version, bytes) {
  return { version, length: bytes.length, hashes: { sha256: crypto.createHash('sha256').update(bytes).digest('hex') } };
}

const rootA = ed25519();
const rootB = ecdsa('P-256', 'ecdsa-sha2-nistp256', 'sha256');
const rootC = ecdsa('P-384', 'ecdsa-sha2-nistp384', 'sha384');
const rootD = rsaPss();
const online = ed25519();

function rootJson(version, rootKeys, threshold) {
  const keys = {};
  for (const k of [...rootKeys, online]) keys[k.keyid] = k.key;
  const onlineRole = { keyids: [online.keyid], threshold: 1 };
  return {
    _type: 'root', spec_version: '1.0.31', version, expires: EXPIRES, consistent_snapshot: true, keys,
    roles: { root: { keyids: rootKeys.map((k) => k.keyid), threshold }, targets: onlineRole, snapshot: onlineRole, timestamp: onlineRole },
  };
}

const root1 = tuf.Metadata.fromJSON(tuf.MetadataKind.Root, { signed: rootJson(1, [rootA, rootB], 2), signatures: [] });
signWith(root1, rootA, rootB);
write('1.root.json', root1);

const root2 = tuf.Metadata.fromJSON(tuf.MetadataKind.Root, { signed: rootJson(2, [rootB, rootC, rootD], 2), signatures: [] });
signWith(root2, rootA, rootB, rootC, rootD);
write('2.root.json', root2);
root1.verifyDelegate('root', root2); // tuf-js's own check: the old threshold

// Targets: 16 hash bins (TAP 15), signed by the online key.
const succinct = { keyids: [online.keyid], threshold: 1, bit_length: 4, name_prefix: 'bins' };
const targetsSigned = {
  _type: 'targets', spec_version: '1.0.31', version: 1, expires: EXPIRES, targets: {},
  delegations: { keys: { [online.keyid]: online.key }, succinct_roles: succinct },
  'x-keyport-fixture': { note: 'an unknown field the verifier must keep', list: [1, 'zwei', null, true] },
};
const targets = tuf.Metadata.fromJSON(tuf.MetadataKind.Targets, { signed: targetsSigned, signatures: [] });
signWith(targets, online);
const targetsBytes = write('1.targets.json', targets);

const paths = ['apps/kio/1.0.0', 'apps/kio/1.1.0', 'charts/über-chart-2.tgz', 'a/"quoted"\\back', 'file1.txt', 'deep/x/y/z.bin'];
const roles = targets.signed.delegations.succinctRoles; // tuf-js's SuccinctRoles
const byBin = {};
const binOf = {};
for (const p of paths) {
  const bin = roles.getRoleForTarget(p);
  binOf[p] = bin;
  const content = Buffer.from('content of ' + p, 'utf8');
  (byBin[bin] = byBin[bin] || {})[p] = {
    length: content.length,
    hashes: { sha256: crypto.createHash('sha256').update(content).digest('hex'), sha512: crypto.createHash('sha512').update(content).digest('hex') },
    custom: { approvedBy: ['alice', 'bob'], build: 42 },
  };
}
const snapshotMeta = { 'targets.json': metaFile(1, targetsBytes) };
for (const bin of roles.getRoles()) {
  const md = tuf.Metadata.fromJSON(tuf.MetadataKind.Targets, {
    signed: { _type: 'targets', spec_version: '1.0.31', version: 1, expires: EXPIRES, targets: byBin[bin] || {} }, signatures: [] });
  signWith(md, online);
  const bytes = write(`1.${bin}.json`, md);
  // half of the bins with length and hashes, half version only (as RSTUF writes them)
  snapshotMeta[`${bin}.json`] = parseInt(bin.slice(5), 16) % 2 === 0 ? metaFile(1, bytes) : { version: 1 };
}
const snapshot = tuf.Metadata.fromJSON(tuf.MetadataKind.Snapshot, {
  signed: { _type: 'snapshot', spec_version: '1.0.31', version: 1, expires: EXPIRES, meta: snapshotMeta }, signatures: [] });
signWith(snapshot, online);
const snapshotBytes = write('1.snapshot.json', snapshot);

const timestamp = tuf.Metadata.fromJSON(tuf.MetadataKind.Timestamp, {
  signed: { _type: 'timestamp', spec_version: '1.0.31', version: 1, expires: EXPIRES, meta: { 'snapshot.json': metaFile(1, snapshotBytes) } }, signatures: [] });
signWith(timestamp, online);
write('timestamp.json', timestamp);

// Bin of each path as tuf-js computes it, and every key's keyid and the canonical key bytes.
fs.writeFileSync(path.join(out, 'bins.json'), JSON.stringify(binOf, null, 1));
const keyids = {};
for (const k of [rootA, rootB, rootC, rootD, online]) keyids[k.keyid] = k.key;
fs.writeFileSync(path.join(out, 'keyids.json'), JSON.stringify(keyids, null, 1));
// The online key as PKCS#8 PEM, plain and encrypted (OpenSSL PBES2 via Node), for the key-file signer.
fs.writeFileSync(path.join(out, 'online-ed25519.pem'), online.privateKey.export({ format: 'pem', type: 'pkcs8' }));
fs.writeFileSync(path.join(out, 'rootB-p256-encrypted.pem'), rootB.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct horse' }));
fs.writeFileSync(path.join(out, 'rootB-p256.pub.json'), JSON.stringify(rootB.key, null, 1));
console.log('written to', out);
