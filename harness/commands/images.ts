import { Command } from 'commander';
import { connectEngine } from '../docker.ts';
import { ensureImages, imagesFor } from '../images.ts';
import { progressDisplay } from '../progress/index.ts';
import { listSeeds } from '../testbed/seed.ts';
import { versions } from '../versions.ts';

export function imagesCommand(): Command {
  return new Command('images')
    .description('Build the testbed images offline (debootstrap base images, then the service images); cached. Also lists the cached seed databases (`bench down --seeds` removes them)')
    .option('--rebuild', 'build every image again, even when its recipe is unchanged')
    .option('--json', 'print the images and their ids as JSON')
    .option('--quiet', 'print no progress: only the result and errors')
    .action(async (options: { json?: boolean; rebuild?: boolean; quiet?: boolean }) => {
      const docker = await connectEngine();
      const started = performance.now();
      // On a terminal a live region (per image: stage, packages, elapsed), otherwise a line per stage.
      const display = progressDisplay({ quiet: options.quiet });
      const outcomes = await ensureImages(docker, imagesFor(versions), display, { rebuild: options.rebuild }).finally(() => display.close());
      const seconds = (performance.now() - started) / 1000;
      const seeds = await listSeeds(docker);
      if (options.json) {
        console.log(JSON.stringify({ seconds, images: outcomes, seeds }, null, 2));
        return;
      }
      for (const o of outcomes) console.log(`${o.built ? 'built ' : 'cached'} ${o.tag.padEnd(22)} ${o.id.slice(7, 19)}${o.built ? `  ${o.seconds.toFixed(1)} s` : ''}`);
      // A seed is version/pages/content seed; `bench down --seeds` removes them all.
      for (const s of seeds) console.log(`seed   ${s.key.padEnd(22)} ${s.volume}`);
      // The result last, where a terminal leaves it in sight however many seeds are cached.
      const built = outcomes.filter((o) => o.built).length;
      console.log(built === 0 ? `all ${outcomes.length} images up to date; nothing to build` : `built ${built} of ${outcomes.length} images in ${seconds.toFixed(1)} s`);
    });
}
