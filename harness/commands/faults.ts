import { Command } from 'commander';
import { faultCatalog, whereText } from '../fault-catalog.ts';

export function faultsCommand(): Command {
  return new Command('faults')
    .description('List the fault catalog: class, kind, params with defaults, and where each kind applies')
    .option('--json', 'print the catalog as JSON')
    .action((options: { json?: boolean }) => {
      const rows = faultCatalog();
      if (options.json) {
        console.log(JSON.stringify(rows, null, 2));
        return;
      }
      let lastClass = '';
      for (const r of rows) {
        if (r.class !== lastClass) console.log(`\n${r.class}`);
        lastClass = r.class;
        console.log(`  ${r.kind}  (${r.acts})`);
        console.log(`    ${r.description}`);
        for (const p of r.params) console.log(`    params.${p.name}: ${p.type}${p.default !== undefined ? ` = ${JSON.stringify(p.default)}` : ''}${p.description ? `  ${p.description}` : ''}`);
        console.log(`    applies: ${whereText(r)}`);
      }
    });
}
