import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createProclab, type Proclab } from '../../../src/main/core/service/proclab';

/**
 * One real ProcLab service for a test file, in a temp folder of its own (its data under `data/`),
 * as the CLI host makes it; shut down and removed after the file.
 */
export function tempService(prefix: string): { readonly dir: string; readonly svc: Proclab } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let svc: Proclab | null = null;
  beforeAll(async () => {
    svc = await createProclab({ dataDir: path.join(dir, 'data'), host: 'cli', intervalMs: 500 });
  });
  afterAll(async () => {
    await svc?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    get svc(): Proclab {
      if (!svc) throw new Error('the service starts in beforeAll');
      return svc;
    },
  };
}
