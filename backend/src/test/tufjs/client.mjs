// The independent TUF client of TufJsClientIT: tuf-js refreshes from a trusted root and downloads
// one target through the repository's delegations (hash bins), verifying length and hashes.
// Usage: node client.mjs <metadataBaseUrl> <targetBaseUrl> <metadataDir> <targetDir> <targetPath>
// Exit 0 with {"found":true,"file":...} on stdout; 3 when no role lists the target; 1 on any
// verification or download error (tuf-js's message on stderr).
import { Updater } from 'tuf-js';

const [metadataBaseUrl, targetBaseUrl, metadataDir, targetDir, targetPath] = process.argv.slice(2);
const updater = new Updater({ metadataBaseUrl, targetBaseUrl, metadataDir, targetDir });
try {
  await updater.refresh();
  const info = await updater.getTargetInfo(targetPath);
  if (!info) {
    console.log(JSON.stringify({ found: false }));
    process.exit(3);
  }
  const file = await updater.downloadTarget(info);
  console.log(JSON.stringify({ found: true, file }));
} catch (e) {
  console.error(`${e.name}: ${e.message}`);
  process.exit(1);
}
