import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Copies the plain fixture agent to `<dir>/src/main.ts` and returns the relative entry. */
export function writePlainAgent(dir: string): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  copyFileSync(join(fixtures, 'plain-agent.ts'), join(dir, 'src', 'main.ts'));
  return 'src/main.ts';
}
