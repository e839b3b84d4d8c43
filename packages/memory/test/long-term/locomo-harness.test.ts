import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../bench/bm25.js';
import { loadLocomo, normaliseEvidence } from '../../bench/locomo-data.js';
import { bm25Quality, memoryTurn, rawTurn, storeQuality } from '../../bench/locomo-quality.js';
import { percentile, recallAt } from '../../bench/metrics.js';
import { tempDir } from './helpers.js';

const fixture = join(import.meta.dirname, 'fixtures', 'tiny-locomo.json');

describe('LoCoMo harness', () => {
  it('normalises malformed evidence as the dataset README says', () => {
    expect(normaliseEvidence(['D8:6; D9:17', 'D9:1 D4:4 D4:6', 'D:11:26', 'D30:05', 'D'])).toEqual([
      'D8:6',
      'D9:17',
      'D9:1',
      'D4:4',
      'D4:6',
      'D11:26',
      'D30:5',
    ]);
  });

  it('reads any file in LoCoMo format: sessions, dates, captions, previous turns, evidence', () => {
    const [conversation] = loadLocomo(fixture);
    expect(conversation!.speakers).toEqual(['Ana', 'Ben']);
    expect(conversation!.turns.map((turn) => turn.diaId)).toEqual(['D1:1', 'D1:2', 'D1:3', 'D2:1', 'D2:2']);
    expect(conversation!.questions.map((q) => q.evidence)).toEqual([
      ['D1:2'],
      ['D1:3', 'D2:2'],
      ['D2:1'],
      [],
      [],
    ]);
    expect(conversation!.droppedEvidence).toBe(2); // "D" and the unknown D9:9
    expect(memoryTurn(conversation!.turns[2]!)).toBe(
      'Ana on 2 March 2024: Lovely. I started pottery classes on Tuesdays. [Ana shared a photo: a photo of a clay bowl on a wheel] ' +
        '(replying to Ben: I adopted a greyhound called Comet last week!)',
    );
    expect(memoryTurn(conversation!.turns[3]!)).toBe('Ben on 20 April 2024: Comet won his first race today.');
  });

  it('rejects a file that is not in LoCoMo format, naming the field', () => {
    const temp = tempDir('locomo-bad-');
    const path = join(temp.dir, 'bad.json');
    writeFileSync(path, JSON.stringify([{ sample_id: 'x', conversation: {}, qa: [{ question: 1 }] }]));
    expect(() => loadLocomo(path)).toThrow(/0\.qa\.0\.question/);
    temp.cleanup();
  });

  it('ranks with plain BM25 and measures recall and percentiles', () => {
    const index = new Bm25Index();
    index.add('a', 'the cat sat on the mat');
    index.add('b', 'dogs run fast');
    index.add('c', 'a cat and a dog');
    expect(index.search('cat', 5)).toEqual(['c', 'a']); // the shorter document first
    expect(index.search('dog', 5)).toEqual(['c']); // no stemming: "dogs" is another word
    expect(recallAt(['x', 'a', 'b'], ['a', 'c'], 2)).toBe(0.5);
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4, 100], 0.99)).toBe(100);
  });

  it('scores the store and the baseline on the same questions', async () => {
    const conversations = loadLocomo(fixture);
    const baseline = bm25Quality('bm25', conversations, rawTurn);
    const memory = await storeQuality('store', conversations, memoryTurn);
    expect(baseline.questions).toBe(3);
    expect(memory.questions).toBe(3);
    expect(memory.recall['@5']).toBe(1);
    expect(baseline.recall['@25']).toBeLessThanOrEqual(1);
  });

  it('runs end to end, printing tables and writing JSON', () => {
    const temp = tempDir('locomo-run-');
    const json = join(temp.dir, 'out.json');
    const run = spawnSync(
      process.execPath,
      // SQLite only: the PostgreSQL figures have their own tests (test/postgres) and would triple the time.
      ['--import', 'tsx', 'bench/locomo.ts', '--quick', '--no-postgres', '--data', fixture, '--json', json],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('| memory store, memory record text |');
    expect(run.stdout).toContain('| 10,000 |');
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.locomo.questions).toBe(3);
    expect(written.retrieval[0].records).toBe(10_000);
    temp.cleanup();
  });
});
