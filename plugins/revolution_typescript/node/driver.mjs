// Runs @hey-api/openapi-ts once for every zone of a revolution run, in this one process.
//
// usage: node driver.mjs <toolchain dir> <jobs.json> <result.json>
// jobs.json: [{ "zone": "public", "config": { ...openapi-ts UserConfig... } }, ...]
// result.json: { "failures": { "<zone>": "<message>" } }
//
// All configs go to createClient() as one array. When a zone fails, openapi-ts reports the index of
// the failing config; that zone is recorded and the others are generated again without it, so one
// broken schema never costs the other zones their clients.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [toolchainDir, jobsFile, resultFile] = process.argv.slice(2);

function describe(error) {
  const inner = error && typeof error === 'object' && 'originalError' in error ? error.originalError : error;
  const cause = inner && typeof inner === 'object' && 'error' in inner ? inner.error : inner;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}

async function main() {
  const packageDir = join(toolchainDir, 'node_modules', '@hey-api', 'openapi-ts');
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const entry = manifest.exports?.['.']?.import ?? manifest.main;
  const { createClient } = await import(pathToFileURL(join(packageDir, entry)).href);
  const jobs = JSON.parse(await readFile(jobsFile, 'utf8'));
  const failures = {};
  let remaining = jobs;
  while (remaining.length > 0) {
    try {
      await createClient(remaining.map((job) => job.config));
      break;
    } catch (error) {
      const index = error?.originalError?.jobIndex;
      if (typeof index !== 'number' || !remaining[index]) {
        for (const job of remaining) failures[job.zone] = describe(error);
        break;
      }
      failures[remaining[index].zone] = describe(error);
      remaining = remaining.filter((_, i) => i !== index);
    }
  }
  await writeFile(resultFile, JSON.stringify({ failures }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`revolution typescript driver: ${error?.stack ?? error}\n`);
  process.exit(1);
});
