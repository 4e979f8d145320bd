/**
 * Where a fault can act, as answers to appliesTo(strategy, at): a new-version frontend, the
 * database of the universe being upgraded, or the procedure itself. Pure: bench validate uses it.
 */
import { stepNames, type StrategyName } from './strategies.ts';

export const stepOf = (at: string) => at.replace(/^(before|after):/, '');
export const isBefore = (at: string) => at.startsWith('before:');

/** A strategy's steps, with enough frontends to contain any web-N the point names. */
export function stepsFor(strategy: StrategyName, at: string): string[] {
  const n = Number(/web-(\d+)/.exec(at)?.[1] ?? 1);
  return stepNames(strategy, Math.max(1, n));
}

/** Position of an injection point in time: before:X is just before X, after:X just after it. */
function order(strategy: StrategyName, at: string): number | undefined {
  const steps = stepsFor(strategy, at);
  const i = steps.indexOf(stepOf(at));
  return i < 0 ? undefined : 2 * i + (isBefore(at) ? 0 : 1);
}

/** Whether `at` is at or after `point` (e.g. after:transfer-data) in the strategy. */
export function atOrAfter(strategy: StrategyName, at: string, point: string): boolean {
  const a = order(strategy, at);
  const p = order(strategy, point);
  return a !== undefined && p !== undefined && a >= p;
}

/**
 * A new-version frontend exists and is the target: after a frontend is replaced (rolling,
 * offline, big-flip), or in Imago's new universe between its bootstrap and the switch-over.
 */
export function newFrontends(what: string) {
  return (strategy: StrategyName, at: string): true | string => {
    const step = stepOf(at);
    switch (strategy) {
      case 'none':
        return 'the none strategy upgrades nothing: there is no new frontend';
      case 'imago':
        return atOrAfter(strategy, at, 'after:bootstrap-universe') && !atOrAfter(strategy, at, 'after:switch-over')
          ? true
          : `${what} acts on the new universe's frontends, which exist from after:bootstrap-universe to before:switch-over`;
      case 'rolling':
        return /^replace:web-\d+$/.test(step) && !isBefore(at)
          ? true
          : /^undrain:web-\d+$/.test(step) && isBefore(at)
            ? true
            : `${what} acts on a freshly replaced frontend: use after:replace:web-N or before:undrain:web-N (at ${at} the step's frontend is an old one)`;
      case 'offline':
        return /^replace:web-\d+$/.test(step) && !isBefore(at) ? true : `${what} acts on a freshly replaced frontend: use after:replace:web-N`;
      case 'big-flip':
        return (step === 'replace:first-half' || step === 'replace:second-half') && !isBefore(at)
          ? true
          : `${what} acts on freshly replaced frontends: use after:replace:first-half or after:replace:second-half`;
    }
  };
}

/**
 * The database of the universe being upgraded: the shared one for in-place strategies, Imago's
 * new one once bootstrapped (with data in it from `imagoFrom` on).
 */
export function upgradedDatabase(what: string, imagoFrom = 'after:bootstrap-universe') {
  return (strategy: StrategyName, at: string): true | string => {
    if (strategy === 'none') return 'the none strategy upgrades nothing';
    if (strategy === 'imago') {
      return atOrAfter(strategy, at, imagoFrom) && !atOrAfter(strategy, at, 'after:switch-over') ? true : `${what} acts on the new universe's database, from ${imagoFrom} to before:switch-over`;
    }
    return true;
  };
}
