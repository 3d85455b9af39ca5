// Shared by driver.mjs (one process per run) and worker.mjs (one process for a whole `revolution watch`).
//
// All configs go to createClient() as one array. When a zone fails, openapi-ts reports the index of
// the failing config; that zone is recorded and the others are generated again without it, so one
// broken schema never costs the other zones their clients.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function describe(error) {
  const inner = error && typeof error === 'object' && 'originalError' in error ? error.originalError : error;
  const cause = inner && typeof inner === 'object' && 'error' in inner ? inner.error : inner;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  try {
    return JSON.stringify(cause);
  } catch {
    return String(cause);
  }
}

export async function loadCreateClient(toolchainDir) {
  const packageDir = join(toolchainDir, 'node_modules', '@hey-api', 'openapi-ts');
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const entry = manifest.exports?.['.']?.import ?? manifest.main;
  const { createClient } = await import(pathToFileURL(join(packageDir, entry)).href);
  return createClient;
}

// jobs: [{ zone, config }] -> { "<zone>": "<message>" } for the zones that failed
export async function generateAll(createClient, jobs) {
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
  return failures;
}
