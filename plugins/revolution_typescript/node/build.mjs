// The package's dist/ build, shared by driver.mjs (one process per run) and worker.mjs (one process for a
// whole `revolution watch`, TypeScript loaded and warm once).
//
// Emits JS and .d.ts as the tsconfig says, without a full type check (`noCheck`: the declarations are the
// same, the generator's tests type-check the package with `tsc --strict`).
//
// `libraries` (a Map, optional): the parsed standard library files (lib.dom.d.ts and the like, most of the
// compiler's reading) kept from one build to the next by a process that builds many times; they are the
// same files of the same pinned compiler, so the output is the same.
//
// `reuse` (optional): folders, relative to the project's directory, whose sources are unchanged since the
// last build (build.py keeps their previous dist/ files): the program still reads them (the other files'
// declarations may need their types), but emits only the files outside them, one file at a time.
export function buildProject(ts, project, libraries = null, reuse = []) {
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
    host: libraries ? keepingLibraries(ts, parsed.options, libraries) : undefined,
  });
  const emitted = reuse.length ? emitOutside(ts, program, project, reuse) : program.emit();
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

function emitOutside(ts, program, project, reuse) {
  const base = ts.getDirectoryPath(ts.normalizePath(ts.sys.resolvePath(project)));
  const skipped = reuse.map((folder) => `${base}/${folder.replace(/\/+$/, '')}/`);
  const diagnostics = [];
  let emitSkipped = false;
  for (const file of program.getSourceFiles()) {
    const name = ts.normalizePath(file.fileName);
    if (file.isDeclarationFile || !name.startsWith(`${base}/`) || skipped.some((s) => name.startsWith(s))) continue;
    const result = program.emit(file);
    diagnostics.push(...result.diagnostics);
    emitSkipped ||= result.emitSkipped;
  }
  return { diagnostics, emitSkipped };
}

function keepingLibraries(ts, options, libraries) {
  const host = ts.createCompilerHost(options);
  const libDir = ts.getDirectoryPath(ts.normalizePath(ts.getDefaultLibFilePath(options)));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (!ts.normalizePath(fileName).startsWith(`${libDir}/`)) return getSourceFile(fileName, languageVersion, ...rest);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    let file = libraries.get(key);
    if (file === undefined) {
      file = getSourceFile(fileName, languageVersion, ...rest);
      if (file) libraries.set(key, file);
    }
    return file;
  };
  return host;
}
