// The seed cache's key: a recipe hash that changes when the code generating the seed changes, and
// the settings a run derives from a seed's install.
import { describe, expect, it } from 'vitest';
import { runSettings } from '../../harness/testbed/mediawiki.ts';
import { recipeHash, recipeSources, relativeImports, seedBase, seedImageVersions, seedVolumeName } from '../../harness/testbed/seed.ts';

const key = { version: '1.35' as const, pages: 1000, seed: 42 };

describe('the recipe hash', () => {
  it('covers the content model, everything it imports, the SQL rows and the build', async () => {
    const sources = await recipeSources();
    const paths = Object.keys(sources);
    for (const path of [
      'harness/testbed/pages.ts',
      'harness/testbed/content/article.ts',
      'harness/testbed/content/names.ts',
      'analysis/statistics/random.ts',
      'harness/testbed/seed-sql.ts',
      'harness/testbed/seed-build.ts',
      'harness/testbed/mediawiki.ts',
    ])
      expect(paths).toContain(path);
    // The cache's own bookkeeping does not decide the content.
    expect(paths).not.toContain('harness/testbed/seed.ts');
  });

  it('changes when the generator, the images, the key or the base seed change, and only then', async () => {
    const sources = await recipeSources();
    const parts = { key, sources, images: ['sha256:a', 'sha256:b'] };
    const hash = recipeHash(parts);
    expect(recipeHash({ ...parts, sources: { ...sources } })).toBe(hash);
    const edited = { ...sources, 'harness/testbed/content/article.ts': `${sources['harness/testbed/content/article.ts']}\n// one more line` };
    expect(recipeHash({ ...parts, sources: edited })).not.toBe(hash);
    expect(recipeHash({ ...parts, images: ['sha256:a', 'sha256:c'] })).not.toBe(hash);
    expect(recipeHash({ ...parts, key: { ...key, pages: 1001 } })).not.toBe(hash);
    expect(recipeHash({ ...parts, key: { ...key, seed: 43 } })).not.toBe(hash);
    expect(recipeHash({ ...parts, from: 'abc' })).not.toBe(hash);
    expect(seedVolumeName(key, hash)).toBe(`bench-seed-1.35-1000p-s42-${hash.slice(0, 12)}`);
  });

  it('reads relative imports of every form', () => {
    const text = "import { a } from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from \"./c.ts\";\nimport 'node:fs';\nconst d = await import('./d.ts');";
    expect(relativeImports(text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts']);
  });

  it('migrates each later version from the one before it', () => {
    expect(seedBase('1.35')).toBeUndefined();
    expect(seedBase('1.39')).toBe('1.35');
    expect(seedImageVersions('1.39')).toEqual(['1.35', '1.39']);
  });
});

describe("a run's settings from a seed's install", () => {
  const installed = [
    '<?php',
    '$wgServer = "http://seed-web";',
    '$wgDBtype = "mysql";',
    '$wgDBserver = "seed-db";',
    '$wgDBname = "wiki";',
    '$wgDBuser = "wiki";',
    '$wgDBpassword = "build-password";',
    '$wgSecretKey = "0123456789abcdef";',
    '',
  ].join('\n');

  it("point at the run's database with the run's password, and keep the install's keys", () => {
    const settings = runSettings(installed, { rootPassword: 'r', database: 'wiki', user: 'wiki', password: 'say "$x"\\' }, 'db');
    expect(settings).toContain('$wgDBserver = "db";');
    expect(settings).toContain('$wgDBpassword = "say \\"\\$x\\"\\\\";');
    expect(settings).not.toContain('build-password');
    expect(settings).not.toContain('seed-web');
    expect(settings).toContain('$wgSecretKey = "0123456789abcdef";');
    expect(settings).toContain('$wgServer = WebRequest::detectServer();');
  });

  it('refuse settings without a database line', () => {
    expect(() => runSettings('<?php\n', { rootPassword: 'r', database: 'wiki', user: 'wiki', password: 'p' }, 'db')).toThrow(/wgDBserver/);
  });
});
