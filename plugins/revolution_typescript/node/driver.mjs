// The typescript generator's one node process per run: @hey-api/openapi-ts for every zone, then the
// TypeScript compiler for the package's dist/, both with the pinned toolchain (TypeScript loads once).
//
// usage: node driver.mjs <toolchain dir>
// Requests arrive one JSON object per line on stdin; each gets one reply line on stdout, starting with
// REPLY (anything else a library prints there is not a reply). The process ends when stdin closes.
//   {"op": "generate", "jobs": "<jobs.json>", "cwd": "<dir>"} -> {"failures": {"<zone>": "<message>"}}
//     jobs.json: [{ "zone": "public", "config": { ...openapi-ts UserConfig... } }, ...]; relative inputs are
//     read from cwd. Zones are generated one at a time (see generate.mjs): a failing zone is recorded and
//     the others are still generated.
//   {"op": "build", "project": "<tsconfig.json>", "reuse": ["<zone folder>", ...]} -> {"errors": [...]}
//     (see build.mjs; reuse is optional)
//   Any request that throws -> {"error": "<message>"}
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

import { buildProject } from './build.mjs';
import { describe, generateAll } from './generate.mjs';

const REPLY = 'REVOLUTION-REPLY ';
const [toolchainDir] = process.argv.slice(2);

async function importPackage(...parts) {
  const packageDir = join(toolchainDir, 'node_modules', ...parts);
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const entry = manifest.exports?.['.']?.import ?? manifest.main;
  return import(pathToFileURL(join(packageDir, entry)).href);
}

async function generate({ jobs: jobsFile, cwd }) {
  const { createClient } = await importPackage('@hey-api', 'openapi-ts');
  const jobs = JSON.parse(await readFile(jobsFile, 'utf8'));
  process.chdir(cwd);
  return { failures: await generateAll(createClient, jobs) };
}

async function build({ project, reuse }) {
  const ts = (await importPackage('typescript')).default;
  return buildProject(ts, project, null, reuse ?? []);
}

const operations = { generate, build };

async function main() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let reply;
    try {
      const request = JSON.parse(line);
      const operation = operations[request.op];
      if (!operation) throw new Error(`unknown request ${JSON.stringify(request.op)}`);
      reply = await operation(request);
    } catch (error) {
      reply = { error: error?.stack ?? describe(error) };
    }
    process.stdout.write(`${REPLY}${JSON.stringify(reply)}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`revolution typescript driver: ${error?.stack ?? error}\n`);
  process.exit(1);
});
