// The entry point exports exactly what its declarations declare: the values (classes, functions,
// constants) surewire.d.ts exports, read with the TypeScript compiler API, against the names that
// src/main/webapp/js/surewire.js exports when node imports it. tsc cannot see this: an import of
// './surewire.js' resolves to surewire.d.ts, so surewire-api.ts holds the declarations against the
// modules of js/surewire/ instead.
//
//   node exports.mjs <project-dir>   (from target/types, where setup.sh installed typescript)

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const project = path.resolve(process.argv[2] ?? '.');
const declarations = path.join(project, 'src/main/webapp/js/surewire.d.ts');
const entry = path.join(project, 'src/main/webapp/js/surewire.js');

const program = ts.createProgram([declarations], { noEmit: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
const checker = program.getTypeChecker();
const module = checker.getSymbolAtLocation(program.getSourceFile(declarations));
const declared = checker.getExportsOfModule(module)
    .filter((symbol) => symbol.flags & ts.SymbolFlags.Value)
    .map((symbol) => symbol.name)
    .sort();
const exported = Object.keys(await import(pathToFileURL(entry).href)).sort();

const undeclared = exported.filter((name) => !declared.includes(name));
const missing = declared.filter((name) => !exported.includes(name));
for (const name of undeclared) {
    console.error(`${path.relative(project, entry)} exports ${name}, which surewire.d.ts does not declare`);
}
for (const name of missing) {
    console.error(`surewire.d.ts declares ${name}, which ${path.relative(project, entry)} does not export`);
}
if (undeclared.length || missing.length) {
    process.exit(1);
}
console.log(`exports: ${path.relative(project, entry)} exports the ${exported.length} values surewire.d.ts declares`);
