// The import boundaries between the top-level folders, checked by dependency-cruiser in the test
// command (npm test runs `npm run boundaries` first). The layers, lowest first:
//   analysis/  pure analysis over data: imports none of the others, and reads no files
//   faults/    the fault catalog: may import analysis/, never harness/
//   reports/   report writers: may import analysis/ and harness/, never faults/
//   harness/   the engine: may import all of the above
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'faults-not-to-harness',
      comment: 'faults/ act through their own capability interfaces (faults/capabilities.ts), which the harness implements',
      severity: 'error',
      from: { path: '^faults/' },
      to: { path: '^harness/' },
    },
    {
      name: 'analysis-stands-alone',
      comment: 'analysis/ is pure: it imports neither the harness, the faults nor the reports',
      severity: 'error',
      from: { path: '^analysis/' },
      to: { path: '^(harness|faults|reports)/' },
    },
    {
      name: 'analysis-reads-no-files',
      comment: 'analysis/ is handed text and data; reading files is the harness\'s and the reports\' (the data folder\'s derivation recipe, run by hand, is the exception)',
      severity: 'error',
      from: { path: '^analysis/', pathNot: '^analysis/taxonomy/data/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'reports-not-to-faults',
      comment: 'reports/ read journals; what a fault is, they learn from the journal',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^faults/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test|results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
