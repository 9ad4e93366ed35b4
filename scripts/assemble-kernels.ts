/**
 * Assembles src/core/search/kernels.wat (WebAssembly text with SIMD) into
 * src/core/search/kernels-wasm.ts, the bytes as base64, so the pure core needs no fetch and no
 * bundler plugin to load them. wabt from npm does the assembling: no emsdk or Rust toolchain.
 * tests/unit/search/kernels.test.ts fails when the two files disagree.
 *
 * Run: npx tsx scripts/assemble-kernels.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { assembleKernels, kernelsModuleSource } from '../tests/unit/search/assemble.ts';

const DIR = fileURLToPath(new URL('../src/core/search/', import.meta.url));

const wat = await readFile(`${DIR}kernels.wat`, 'utf8');
const bytes = await assembleKernels(wat);
await writeFile(`${DIR}kernels-wasm.ts`, kernelsModuleSource(bytes));
console.log(`kernels: ${bytes.length} bytes of wasm`);
