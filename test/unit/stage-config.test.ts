import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSimParams } from '../../analysis/stage/params.ts';
import { BenchError } from '../../harness/exit-codes.ts';
import { loadStageConfig } from '../../harness/stage/config.ts';

async function yamlFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'stage-')), 'stage.yaml');
  await writeFile(file, text);
  return file;
}

describe('bench stage simulate parameters', () => {
  it('defaults, then the YAML file, then flags', async () => {
    const file = await yamlFile('machines: 5000\nclusters: 4\nprotocols: [parallel]\n');
    const { params, protocols } = await loadStageConfig(file, { clusters: '3', problemClusters: '0,1;2' });
    expect(params).toEqual({ ...defaultSimParams, machines: 5000, clusters: 3, problemClusters: [[0, 1], [2]] });
    expect(protocols).toEqual(['parallel']);
  });

  it('reports every problem at once, naming file:line:col or the flag, and the field (exit 2)', async () => {
    const file = await yamlFile('machines: 10\ntestCoverage: 1.5\nmachnes: 3\n');
    const error = await loadStageConfig(file, { seed: 'abc' }, 'parallel,fast').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).exitCode).toBe(2);
    const message = (error as BenchError).message;
    expect(message).toContain(`${file}:2:15 testCoverage: found 1.5`);
    expect(message).toContain(`${file}:3:1 machnes: unknown parameter`);
    expect(message).toContain('--seed abc:');
    expect(message).toContain('--protocol: found ["parallel","fast"]');
  });

  it('checks fields against each other', async () => {
    const error = await loadStageConfig(undefined, { clusterSizes: '10,5', problemClusters: '2' }).catch((e: unknown) => e);
    expect((error as BenchError).message).toContain('problemClusters.0.0: found cluster 2, expected an index below 2');
  });
});
