// Shared by driver.mjs (one process per run) and worker.mjs (one process for a whole `revolution watch`).
//
// A zone that fails is recorded and the others are still generated: one broken schema never costs the
// other zones their clients.
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

// jobs: [{ zone, config }] -> { "<zone>": "<message>" } for the zones that failed. One zone at a time,
// with a garbage collection in between when node runs with --expose-gc: openapi-ts keeps a large API's
// whole intermediate representation alive until it returns, and an array of configs would hold every
// zone's at once (1,000 models: over 800 MB instead of one zone's share).
export async function generateAll(createClient, jobs) {
  const failures = {};
  for (const job of jobs) {
    try {
      await createClient([job.config]);
    } catch (error) {
      failures[job.zone] = describe(error);
    }
    if (typeof globalThis.gc === 'function') globalThis.gc();
  }
  return failures;
}
