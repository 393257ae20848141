import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The e2e run's own cache folder (datasets, trained weights); the global setup removes it at the end. */
export const E2E_CACHE = path.join(tmpdir(), `spinplan-e2e-cache-${process.pid}`);
