// The independent TUF client of the ceremony tests: tuf-js refreshes from a trusted root (the
// repository's 1.root.json) through every newer root, timestamp, snapshot and targets.
// Usage: node refresh.mjs <metadataBaseUrl> <metadataDir> <targetDir>
// Exit 0 with {"root": <version tuf-js trusts now>} on stdout; 1 on any verification or download
// error (tuf-js's message on stderr).
import { Updater } from 'tuf-js';
import { readFileSync } from 'node:fs';

const [metadataBaseUrl, metadataDir, targetDir] = process.argv.slice(2);
const updater = new Updater({ metadataBaseUrl, targetBaseUrl: metadataBaseUrl, metadataDir, targetDir });
try {
  await updater.refresh();
  const root = JSON.parse(readFileSync(`${metadataDir}/root.json`, 'utf8'));
  console.log(JSON.stringify({ root: root.signed.version }));
} catch (e) {
  console.error(`${e.name}: ${e.message}`);
  process.exit(1);
}
