// The typescript generator's one node process per run: @hey-api/openapi-ts for every zone, then the
// TypeScript compiler for the package's dist/, both with the pinned toolchain (TypeScript loads once).
//
// usage: node driver.mjs <toolchain dir>
// Requests arrive one JSON object per line on stdin; each gets one reply line on stdout, starting with
// REPLY (anything else a library prints there is not a reply). The process ends when stdin closes.
//   {"op": "generate", "jobs": "<jobs.json>", "cwd": "<dir>"} -> {"failures": {"<zone>": "<message>"}}
//     jobs.json: [{ "zone": "public", "config": { ...openapi-ts UserConfig... } }, ...]; relative inputs are
//     read from cwd. All configs go to createClient() as one array. When a zone fails, openapi-ts reports
//     the index of the failing config; that zone is recorded and the others are generated again without
//     it, so one broken schema never costs the other zones their clients.
//   {"op": "build", "project": "<tsconfig.json>"} -> {"errors": ["<diagnostic>", ...]}
//     Emits JS and .d.ts as the tsconfig says, without a full type check (`noCheck`: the declarations are
//     the same, the generator's tests type-check the package with `tsc --strict`).
//   Any request that throws -> {"error": "<message>"}
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const REPLY = 'REVOLUTION-REPLY ';
const [toolchainDir] = process.argv.slice(2);

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

const ANSI = /\u001b\[[0-9;]*m/g;

// openapi-ts reports an input error (a $ref to a file it cannot read, an unreachable URL) only on its
// console and then returns no result for the run. Its own words are what the user needs, so the console
// is captured while it runs (at log level "error") and the job's report is read back.
async function runCapturing(createClient, jobs) {
  const captured = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  for (const key of Object.keys(saved)) {
    console[key] = (...args) => captured.push(args.map((arg) => String(arg)).join(' '));
  }
  try {
    const configs = jobs.map((job) => ({ ...job.config, logs: { ...job.config.logs, level: 'error' } }));
    const result = await createClient(configs);
    return { result, text: captured.join('\n').replace(ANSI, '') };
  } finally {
    Object.assign(console, saved);
  }
}

// "[Job 2] ❌ Input file not found:" followed by the path: the job's index and its reason in one line.
function inputError(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const match = /\[Job (\d+)\]\s*❌\s*(.*)$/.exec(lines[i]);
    if (!match) continue;
    const next = (lines[i + 1] ?? '').trim();
    const detail = next && !next.startsWith('[') ? ` ${next}` : '';
    return { index: Number(match[1]) - 1, reason: `${match[2].trim()}${detail}` };
  }
  return null;
}

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
  const failures = {};
  let remaining = jobs;
  while (remaining.length > 0) {
    try {
      const { result, text } = await runCapturing(createClient, remaining);
      if (Array.isArray(result) && result.length < remaining.length) {
        const found = inputError(text);
        if (!found || !remaining[found.index]) {
          const reason = text.trim().split('\n').slice(-3).join(' ') || 'it produced no client and gave no reason';
          for (const job of remaining) failures[job.zone] = reason;
          break;
        }
        failures[remaining[found.index].zone] = found.reason;
        remaining = remaining.filter((_, i) => i !== found.index);
        continue;
      }
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
  return { failures };
}

async function build({ project }) {
  const ts = (await importPackage('typescript')).default;
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(project, { noCheck: true }, host);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    configFileParsingDiagnostics: parsed.errors,
  });
  const emitted = program.emit();
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...emitted.diagnostics,
  ];
  const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => '', getNewLine: () => '\n' };
  const errors = diagnostics.map((d) => ts.formatDiagnostic(d, formatHost).trim());
  if (emitted.emitSkipped && errors.length === 0) errors.push('the TypeScript compiler emitted nothing');
  return { errors };
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
