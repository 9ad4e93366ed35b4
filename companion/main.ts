// The entry point for `node companion/dist/main.js`. It lives beside tsconfig.json rather than in
// src/ because the tests share the compiled program, which puts src/ output under dist/src/.
import './src/main.js';
