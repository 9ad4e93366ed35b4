/**
 * `npm run bench search`: embedding latency (bench/areas/embedding.ts); the vector-index figures
 * join this area from their own file.
 */
import type { Area } from '../figure.ts';
import { embeddingFigures } from './embedding.ts';

export const searchArea: Area = {
  name: 'search',
  part: 'embedding',
  run: async () => [...(await embeddingFigures())],
};
