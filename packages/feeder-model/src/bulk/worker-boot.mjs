// Worker thread entry: loads the TypeScript worker through tsx (a worker does not inherit `--import tsx`).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
