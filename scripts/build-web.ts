/**
 * `npm run build:web`: builds the web UI into web/dist now (the server also does this by itself at start-up when the
 * build is missing or older than web/src). Prints the size of each file, for the record.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebUi, webDistDirectory } from '../src/main/web-ui-build.ts';

const started = Date.now();
await buildWebUi();
const files = readdirSync(join(webDistDirectory, 'assets')).map((name) => {
  const path = join(webDistDirectory, 'assets', name);
  return { name, bytes: statSync(path).size, gzip: gzipSync(readFileSync(path)).length };
});
for (const file of files.sort((a, b) => b.bytes - a.bytes)) {
  console.info(
    `${file.name.padEnd(44)} ${(file.bytes / 1024).toFixed(1).padStart(8)} kB  gzip ${(file.gzip / 1024).toFixed(1).padStart(7)} kB`,
  );
}
const total = files.reduce((sum, file) => sum + file.gzip, 0);
console.info(
  `web UI built into ${webDistDirectory} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${files.length} files, ${(total / 1024).toFixed(1)} kB gzip in all`,
);
