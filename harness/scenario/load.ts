/**
 * Loading a scenario file: YAML with source positions, the schema, then the semantic checks
 * that need more than one field. Every problem in a file is reported, each as
 * `file:line:col field.path: found X, expected Y`.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { faultClasses, faultKindNamed, faultKinds, type FaultClass } from '../../faults/index.ts';
import { injectionPoints, stepNames, strategyNames, type StrategyName } from '../../faults/strategies.ts';
import { badInput } from '../exit-codes.ts';
import { type Add, collector, formatIssue, type InputIssue, type Locator, locator, type Path, reportSchemaIssue, valueAt } from '../input-issues.ts';
import { decodeUtf8, notUtf8 } from '../utf8.ts';
import { compareVersions, isVersion, upgradedSystem, upgradeRefusal } from '../versions.ts';
import { type ParsedYaml, parseYaml } from '../yaml-input.ts';
import { formatDuration } from './duration.ts';
import { limits, scenarioSchema, testbedSchema, upgradeSchema, workloadSchema, type Scenario } from './schema.ts';

export { formatIssue };
export type ScenarioIssue = InputIssue;

export type LoadResult = { ok: true; scenario: Scenario; file: string } | { ok: false; issues: ScenarioIssue[]; file: string };

/** Reads a file as UTF-8 text, or says in one issue why it cannot be read. */
export async function readInputFile(file: string): Promise<{ text: string } | { issue: InputIssue }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { issue: { file, line: 0, col: 0, path: '', found: `an unreadable file (${(error as NodeJS.ErrnoException).code})`, expected: 'a readable YAML file' } };
  }
  const decoded = decodeUtf8(bytes);
  if (!('text' in decoded)) return { issue: { file, ...decoded, path: '', found: notUtf8, expected: 'a UTF-8 YAML file' } };
  return { text: decoded.text };
}

export async function loadScenarioFile(file: string): Promise<LoadResult> {
  const read = await readInputFile(file);
  return 'issue' in read ? { ok: false, file, issues: [read.issue] } : parseScenario(read.text, file);
}

/** Loads a scenario or throws a bad-input error listing every problem. */
export const loadScenarioOrThrow = async (file: string): Promise<Scenario> => scenarioOrThrow(await loadScenarioFile(file));

/** The loaded scenario, or a bad-input error listing every problem. */
export function scenarioOrThrow(result: LoadResult): Scenario {
  if (!result.ok) throw badInput(`invalid scenario ${result.file}:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.scenario;
}

export const parseScenario = (text: string, file: string): LoadResult => scenarioFromYaml(parseYaml(text), text, file);

/** A scenario from its parsed YAML (`text` is the file's, for the positions and the values as written). */
export function scenarioFromYaml(yaml: ParsedYaml, text: string, file: string): LoadResult {
  if (!yaml.ok) return { ok: false, file, issues: yaml.issues.map((i) => ({ file, ...i, path: '' })) };
  const { doc, lines, data } = yaml;
  const where = locator(doc, text, (offset) => lines.linePos(offset));
  const { issues, add } = collector(file, where);
  const scenario = checkScenario(data ?? {}, where, add);
  if (issues.length > 0 || !scenario) {
    issues.sort((a, b) => a.line - b.line || a.col - b.col);
    return { ok: false, file, issues };
  }
  return { ok: true, file, scenario };
}

/** Checks scenario data (a file's, or a campaign's inline base) and reports each problem; the scenario when it is valid. */
export function checkScenario(data: unknown, where: Locator, add: Add): Scenario | undefined {
  let problems = 0;
  const counted: Add = (...args) => {
    problems++;
    add(...args);
  };
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // An unknown fault kind: the semantic pass says which kinds the class has.
      if (issue.code === 'invalid_union' && issue.path[0] === 'fault' && (issue as { discriminator?: string }).discriminator === 'kind') continue;
      reportSchemaIssue(scenarioSchema, issue, data, where, counted);
    }
  }
  semanticChecks(data, counted);
  return parsed.success && problems === 0 ? parsed.data : undefined;
}

/** Checks that involve several fields; each runs only where those fields are well-formed. */
function semanticChecks(data: unknown, add: Add) {
  const testbed = valueAt(data, ['testbed']) as Record<string, unknown> | undefined;
  const strategyValue = valueAt(data, ['upgrade', 'strategy']) ?? 'none';
  const strategy = strategyNames.includes(strategyValue as StrategyName) ? (strategyValue as StrategyName) : undefined;

  const from = testbed?.from;
  const to = testbed?.to;
  if (isVersion(from) && isVersion(to)) {
    const order = compareVersions(to, from);
    if (order < 0) add(['testbed', 'to'], `"${to}", older than from "${from}"`, `a version newer than from ("${from}")`);
    else if (order === 0 && strategy && strategy !== 'none') add(['testbed', 'to'], `"${to}", the same as from`, `a version newer than from ("${from}") for the ${strategy} upgrade`);
    else {
      const refused = upgradeRefusal(from, to, { inPlace: strategy !== 'imago' });
      if (refused) add(['testbed', 'to'], `"${to}" from "${from}", a path that cannot work (${refused})`, 'an upgrade path the bench supports');
    }
  }

  loadChecks(data, add);

  const fault = valueAt(data, ['fault']) as Record<string, unknown> | undefined;
  if (!fault || typeof fault !== 'object') return;
  const faultClass = fault.class as FaultClass;
  const classKnown = faultClasses.includes(faultClass);
  const kind = typeof fault.kind === 'string' ? faultKindNamed(fault.kind) : undefined;
  if (!kind) {
    if (!classKnown && typeof fault.class === 'string') add(['fault', 'class'], `"${fault.class}"`, `one of ${faultClasses.join(', ')}`);
    const kinds = classKnown ? faultKinds[faultClass] : Object.values(faultKinds).flat();
    add(
      ['fault', 'kind'],
      fault.kind === undefined ? 'nothing (the field is missing)' : JSON.stringify(fault.kind),
      `${classKnown ? `a kind of class ${faultClass}` : 'a kind from the fault catalog'}: ${kinds.join(', ')}`,
    );
  }
  const frontends = testbed?.frontends ?? 2;
  // Within bounds only: the injection points of 10^8 frontends would not fit in memory.
  if (typeof fault.at === 'string' && strategy && testbedSchema.shape.frontends.safeParse(frontends).success) {
    const points = injectionPoints(strategy, frontends as number);
    if (!points.includes(fault.at)) {
      add(['fault', 'at'], `"${fault.at}"`, points.length ? `an injection point of the ${strategy} strategy: ${points.join(', ')}` : `no injection point: strategy ${strategy} has no steps`);
    } else if (kind && kind.class === faultClass) {
      // Where the kind can act, and for procedural kinds whether the changed procedure makes sense.
      const parsed = kind.params.safeParse(fault.params ?? {});
      const applies = kind.appliesTo(strategy, fault.at, parsed.success ? parsed.data : undefined);
      const appliesOn = isVersion(from) && isVersion(to) ? kind.appliesOn?.(upgradedSystem(from, to, strategy), parsed.success ? parsed.data : undefined) : undefined;
      if (applies !== true) add(['fault', 'at'], `"${fault.at}", where ${kind.kind} cannot apply (${applies})`, `a point where ${kind.kind} applies`);
      else if (appliesOn !== undefined && appliesOn !== true)
        add(['fault', 'params'], `${JSON.stringify(fault.params ?? {})}: ${kind.kind} cannot apply on ${from} -> ${to} (${appliesOn})`, `params that fit the upgraded universe`);
      else if (kind.transformSteps && parsed.success) {
        try {
          kind.transformSteps(stepNames(strategy, frontends as number), fault.at, parsed.data);
        } catch (error) {
          add(['fault', 'params'], `${JSON.stringify(fault.params ?? {})}: ${(error as Error).message}`, `params that fit the ${strategy} procedure`);
        }
      }
    }
  }
}

/** The upgrade starts inside the load, and the load's requests fit in a run (schema.ts, `limits`). */
function loadChecks(data: unknown, add: Add) {
  const valid = <T>(schema: z.ZodType<T>, path: Path): T | undefined => {
    const parsed = schema.safeParse(valueAt(data, path));
    return parsed.success ? parsed.data : undefined;
  };
  const loadMs = valid(workloadSchema.shape.duration, ['workload', 'duration']);
  const startMs = valid(upgradeSchema.shape.start_after, ['upgrade', 'start_after']);
  const rate = valid(workloadSchema.shape.rate, ['workload', 'rate']);
  if (loadMs === undefined) return;
  if (startMs !== undefined && startMs >= loadMs) {
    // Pointed at what the user wrote: start_after, or else the load that is too short for its default.
    if (valueAt(data, ['upgrade', 'start_after']) !== undefined) {
      add(['upgrade', 'start_after'], formatDuration(startMs), `a start inside the load: shorter than workload.duration (${formatDuration(loadMs)})`);
    } else {
      add(['workload', 'duration'], `${formatDuration(loadMs)}, not longer than upgrade.start_after (${formatDuration(startMs)}, the default)`, 'a load that outlasts the start of the upgrade');
    }
  }
  const requests = rate === undefined ? 0 : (rate * loadMs) / 1000;
  if (requests > limits.requests) {
    add(
      ['workload', 'rate'],
      `${rate} req/s for ${formatDuration(loadMs)}: ${Math.round(requests).toLocaleString('en-US')} requests`,
      `at most ${limits.requests.toLocaleString('en-US')} requests (rate x duration) in a run`,
    );
  }
}
