/// <reference types="vite/client" />
import { EXAMPLES, type Example } from '../../../shared/examples';

// The programs are bundled as text: the renderer reads no files, and what a reader opens is the very file the tests run.
const files = import.meta.glob('../../../shared/examples/*.py', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

export function exampleCode(e: Example): string | null {
  return files[`../../../shared/examples/${e.id}.py`] ?? null;
}

export { EXAMPLES };
