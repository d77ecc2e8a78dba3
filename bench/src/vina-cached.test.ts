// bench/bin/vina-cached.mjs with a stand-in "vina" that counts its runs: identical inputs are answered from disk.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const wrapper = fileURLToPath(new URL('../bin/vina-cached.mjs', import.meta.url));

describe('vina-cached', () => {
  it('runs the real binary once per distinct input and copies the stored output otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mad-vcache-'));
    const fake = join(dir, 'fake-vina');
    writeFileSync(
      fake,
      [
        '#!/bin/sh',
        `echo run >> ${dir}/runs`,
        'while [ $# -gt 0 ]; do if [ "$1" = --out ]; then out="$2"; fi; shift; done',
        `echo "MODEL 1 $(cat ${dir}/lig)" > "$out"`,
        'echo docked',
      ].join('\n'),
    );
    chmodSync(fake, 0o755);
    writeFileSync(join(dir, 'lig'), 'A');
    const env = { ...process.env, VINA_CACHE_DIR: join(dir, 'cache'), VINA_REAL: fake, VINA_NICE: '0' };
    const dock = (out: string, cpu: string) =>
      execFileSync(wrapper, ['--ligand', join(dir, 'lig'), '--seed', '1', '--cpu', cpu, '--out', join(dir, out)], {
        env,
        encoding: 'utf8',
      });
    expect(dock('o1', '1')).toBe('docked\n');
    expect(dock('o2', '2')).toBe('docked\n'); // --cpu does not change results: a hit
    expect(readFileSync(join(dir, 'o2'), 'utf8')).toBe('MODEL 1 A\n');
    writeFileSync(join(dir, 'lig'), 'B');
    dock('o3', '1'); // another ligand: a real run
    expect(readFileSync(join(dir, 'runs'), 'utf8').trim().split('\n')).toHaveLength(2);
    const calls = readFileSync(join(dir, 'cache', 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { hit: boolean });
    expect(calls.map((c) => c.hit)).toEqual([false, true, false]);
  });
});
