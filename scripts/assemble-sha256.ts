/**
 * Assembles the four-lane SHA-256 (scripts/sha256x4-wat.ts) into src/core/crypto/sha256x4-wasm.ts,
 * the bytes as base64, as scripts/assemble-kernels.ts does for the vector kernels.
 * tests/unit/crypto/sha256x4.test.ts fails when the two disagree.
 *
 * Run: npx tsx scripts/assemble-sha256.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { assembleKernels, wasmModuleSource } from '../tests/unit/search/assemble.ts';
import { sha256x4Wat } from './sha256x4-wat.ts';

const FILE = fileURLToPath(new URL('../src/core/crypto/sha256x4-wasm.ts', import.meta.url));

const bytes = await assembleKernels(sha256x4Wat());
const source = wasmModuleSource(
  bytes,
  'scripts/assemble-sha256.ts from scripts/sha256x4-wat.ts',
  'The four-lane WebAssembly SIMD SHA-256, assembled, as base64.',
  'SHA256X4_WASM_BASE64',
);
await writeFile(FILE, source);
console.log(`sha256x4: ${bytes.length} bytes of wasm`);
