// A persistent @hey-api/openapi-ts worker for `revolution watch`: openapi-ts is loaded once, then every
// run of the watch session sends its jobs here instead of starting node again.
//
// usage: node worker.mjs <toolchain dir> <socket path> <session pid>
// Each connection sends one JSON line { "cwd": "<dir>", "jobs": [{ zone, config }, ...] } and receives
// one JSON line { "failures": { "<zone>": "<message>" } } (or { "error": "<message>" }); or it sends
// { "op": "build", "project": "<tsconfig.json>", "reuse": [...] } and receives { "errors": [...] } (the dist/ build, see
// build.mjs, with TypeScript loaded once for the session). Requests run one at a time. The worker exits when the watching process (session pid) is gone, when its socket
// file is removed, or after an hour without work.
import { existsSync, unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { buildProject } from './build.mjs';

import { describe, generateAll, loadCreateClient } from './generate.mjs';

const [toolchainDir, socketPath, sessionPid] = process.argv.slice(2);
const IDLE_MS = 60 * 60 * 1000;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error?.code === 'EPERM';
  }
}

async function loadTypeScript() {
  const packageDir = join(toolchainDir, 'node_modules', 'typescript');
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const entry = manifest.exports?.['.']?.import ?? manifest.main;
  return (await import(pathToFileURL(join(packageDir, entry)).href)).default;
}

async function main() {
  const createClient = await loadCreateClient(toolchainDir);
  let typescript = null; // loaded on the first build
  const libraries = new Map(); // the compiler's parsed standard library, kept between builds
  let queue = Promise.resolve();
  let lastWork = Date.now();
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      buffer = '';
      queue = queue.then(async () => {
        let answer;
        try {
          const request = JSON.parse(line);
          if (request.op === 'build') {
            typescript ??= await loadTypeScript();
            answer = buildProject(typescript, request.project, libraries, request.reuse ?? []);
          } else {
            process.chdir(request.cwd);
            answer = { failures: await generateAll(createClient, request.jobs) };
          }
        } catch (error) {
          answer = { error: describe(error) };
        }
        lastWork = Date.now();
        socket.end(`${JSON.stringify(answer)}\n`);
      });
    });
    socket.on('error', () => {});
  });
  const stop = () => {
    server.close();
    try {
      unlinkSync(socketPath);
    } catch {}
    process.exit(0);
  };
  server.listen(socketPath);
  setInterval(() => {
    if (!alive(Number(sessionPid)) || !existsSync(socketPath) || Date.now() - lastWork > IDLE_MS) stop();
  }, 500).unref();
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => {}); // Ctrl-C reaches the whole process group: the watcher decides
}

main().catch((error) => {
  process.stderr.write(`revolution typescript worker: ${error?.stack ?? error}\n`);
  process.exit(1);
});
