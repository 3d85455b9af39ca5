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

const ANSI = /\u001b\[[0-9;]*m/g;

// openapi-ts reports an input error (a $ref to a file it cannot read, an unreachable URL) only on its
// console and then returns no result for the run. Its own words are what the user needs, so the console
// is captured while it runs (at log level "error") and the job's report is read back.
async function runCapturing(createClient, config) {
  const captured = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  for (const key of Object.keys(saved)) {
    console[key] = (...args) => captured.push(args.map((arg) => String(arg)).join(' '));
  }
  try {
    const result = await createClient([{ ...config, logs: { ...config.logs, level: 'error' } }]);
    return { result, text: captured.join('\n').replace(ANSI, '') };
  } finally {
    Object.assign(console, saved);
  }
}

// "[Job 1] ❌ Input file not found:" followed by the path: the reason in one line.
function inputError(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /\[Job (\d+)\]\s*❌\s*(.*)$/.exec(lines[i]);
    if (!match) continue;
    const next = (lines[i + 1] ?? '').trim();
    const detail = next && !next.startsWith('[') ? ` ${next}` : '';
    return `${match[2].trim()}${detail}`;
  }
  return null;
}

// jobs: [{ zone, config }] -> { "<zone>": "<message>" } for the zones that failed. One zone at a time,
// with a garbage collection in between when node runs with --expose-gc: openapi-ts keeps a large API's
// whole intermediate representation alive until it returns, and an array of configs would hold every
// zone's at once (1,000 models: over 800 MB instead of one zone's share).
export async function generateAll(createClient, jobs) {
  const failures = {};
  for (const job of jobs) {
    try {
      const { result, text } = await runCapturing(createClient, job.config);
      if (Array.isArray(result) && result.length < 1) {
        failures[job.zone] = inputError(text)
          ?? (text.trim().split('\n').slice(-3).join(' ') || 'it produced no client and gave no reason');
      }
    } catch (error) {
      failures[job.zone] = describe(error);
    }
    if (typeof globalThis.gc === 'function') globalThis.gc();
  }
  return failures;
}
