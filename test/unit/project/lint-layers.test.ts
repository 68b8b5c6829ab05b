import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the project's real ESLint config on fixture sources placed (virtually) in each layer.
const eslint = new ESLint({ cwd: join(__dirname, '..', '..', '..') });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// The first lint loads the TypeScript parser: seconds on a loaded 2-core machine, past vitest's 5 s default.
describe('layering is enforced by lint', { timeout: 30_000 }, () => {
  it('holds a lesson to zod, the contract and the lesson kit', async () => {
    const lesson = 'scenarios/some-scenario/lesson.ts';
    expect(
      await restricted(
        lesson,
        "import { z } from 'zod';\nimport type { RunData } from '../../../src/shared/model';\nimport { verdict } from '../../../src/main/core/lessons/kit';\nexport const x = [z, verdict];\nexport type R = RunData;\n",
      ),
    ).toEqual([]);
    expect(await restricted(lesson, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(
      await restricted(lesson, "import { Engine } from '../../../src/main/core/engine/engine';\nexport const x = Engine;\n"),
    ).toHaveLength(1);
    expect(
      await restricted(lesson, "import { coresUsed } from '../../../src/main/core/runs/compare';\nexport const x = coresUsed;\n"),
    ).toHaveLength(1);
  });
  const renderer = 'src/renderer/src/fixture.tsx';
  it('refuses electron, node built-ins and src/main in the renderer', async () => {
    expect(await restricted(renderer, "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(1);
    expect(await restricted(renderer, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await restricted(renderer, "import { Engine } from '../../main/core/engine/engine';\nexport const x = Engine;\n")).toHaveLength(
      1,
    );
  });
  it('allows the renderer its own stack', async () => {
    expect(
      await restricted(
        renderer,
        "import { useState } from 'react';\nimport type { ProcRow } from '../../shared/model';\nexport const x: ProcRow | null = null;\nexport const y = useState;\n",
      ),
    ).toEqual([]);
  });
  describe("the renderer's folders import only downwards", () => {
    const imp = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
    const at = (folder: string) => `src/renderer/src/${folder}/fixture.tsx`;
    it('keeps each tab from importing another (the playground may host the scratchpad)', async () => {
      expect(await restricted(at('runs'), imp('../playground/PlaygroundView'))).toHaveLength(1);
      expect(await restricted(at('playground'), imp('../runs/RunsView'))).toHaveLength(1);
      expect(await restricted(at('monitor'), imp('../runs/RunsView'))).toHaveLength(1);
      expect(await restricted(at('scratchpad'), imp('../playground/PlaygroundView'))).toHaveLength(1);
      expect(await restricted(at('playground'), imp('../scratchpad/ScratchpadView'))).toEqual([]);
      expect(await restricted(at('runs'), imp('../runview/RunPanel'))).toEqual([]);
    });
    it('keeps the run view below the tabs', async () => {
      expect(await restricted(at('runview'), imp('../playground/PlaygroundView'))).toHaveLength(1);
      expect(await restricted(at('runview'), imp('../proctable/ProcessTable'))).toEqual([]);
    });
    it('keeps the process table below the run view', async () => {
      expect(await restricted(at('proctable'), imp('../runview/RunPanel'))).toHaveLength(1);
      expect(await restricted(at('proctable'), imp('../monitor/MonitorView'))).toHaveLength(1);
      expect(await restricted(at('proctable'), imp('../model/lanes'))).toEqual([]);
    });
    it('keeps the forms below the process table', async () => {
      expect(await restricted(at('forms'), imp('../proctable/ProcessTable'))).toHaveLength(1);
    });
    it('keeps the plumbing below every view', async () => {
      expect(await restricted(at('store'), imp('../runview/run-pages'))).toHaveLength(1);
      expect(await restricted(at('control'), imp('../proctable/columns'))).toHaveLength(1);
      expect(await restricted(at('i18n'), imp('../monitor/MonitorView'))).toHaveLength(1);
      expect(await restricted(at('store'), imp('../model/lanes'))).toEqual([]);
    });
    it('keeps the model pure', async () => {
      expect(await restricted(at('model'), imp('../store/state'))).toHaveLength(1);
      expect(await restricted(at('model'), imp('react'))).toHaveLength(1);
      expect(await restricted(at('model'), imp('../ui/notices'))).toHaveLength(1);
      expect(await restricted(at('model'), imp('../../../shared/format'))).toEqual([]);
      expect(await restricted(at('model'), imp('../i18n/translate'))).toEqual([]);
    });
    it('still holds every folder to the renderer layer', async () => {
      expect(await restricted(at('model'), imp('electron'))).toHaveLength(1);
      expect(await restricted(at('proctable'), imp('node:fs'))).toHaveLength(1);
    });
  });
  it('refuses electron in the core and in the shared contract', async () => {
    expect(await restricted('src/main/core/fixture.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(
      await restricted('src/main/core/fixture.ts', "import { WebSocketServer } from 'ws';\nexport const x = WebSocketServer;\n"),
    ).toHaveLength(1);
    expect(
      await restricted('src/shared/fixture.ts', "import { spawn } from 'node:child_process';\nexport const x = spawn;\n"),
    ).toHaveLength(1);
  });
  it('refuses Node built-ins in the sandboxed preload', async () => {
    expect(
      await restricted('src/preload/fixture.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"),
    ).toHaveLength(1);
  });
});
