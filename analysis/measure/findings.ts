/**
 * Which security findings a run caused. The probes run on the testbed before the load (standing
 * findings), at the end of the run, and at the end of its fault-free baseline; a finding is the
 * upgrade's when it comes with the upgrade whether or not a fault is injected, the fault's when
 * only the fault run has it.
 */

export type Severity = 'low' | 'medium' | 'high';

/** A finding as the security probes report it. */
export interface FindingLike {
  name: string;
  severity: Severity;
  evidence: string;
}

export type FindingCause = 'standing' | 'upgrade' | 'fault';

export interface AttributedFinding {
  name: string;
  cause: FindingCause;
  severity: Severity;
  evidence: string;
}

export const severityRank: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** The lowest severity that makes a finding a vulnerability. */
export const vulnerableFrom: Severity = 'medium';

/**
 * The findings at the end of a run, each with its cause. Findings only in `before`, gone by the
 * end, are not reported.
 */
export function attributeFindings(o: { before: FindingLike[]; after: FindingLike[]; baselineAfter?: FindingLike[]; hasFault: boolean }): AttributedFinding[] {
  const standing = new Set(o.before.map((f) => f.name));
  const inBaseline = o.baselineAfter && new Set(o.baselineAfter.map((f) => f.name));
  const seen = new Set<string>();
  const attributed: AttributedFinding[] = [];
  for (const f of o.after) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    let cause: FindingCause;
    let evidence = f.evidence;
    if (standing.has(f.name)) cause = 'standing';
    else if (!o.hasFault || inBaseline?.has(f.name)) cause = 'upgrade';
    else if (inBaseline) cause = 'fault';
    else {
      // Without a baseline nothing shows the fault made the difference: blame the upgrade, say so.
      cause = 'upgrade';
      evidence = `${evidence} (no fault-free baseline to tell the upgrade from the fault)`;
    }
    attributed.push({ name: f.name, cause, severity: f.severity, evidence });
  }
  return attributed;
}

/**
 * The security-vulnerability impact: findings of severity medium or high that the upgrade or the
 * fault caused. The fault is its cause when any of them is the fault's.
 */
export function securityImpact(findings: AttributedFinding[]): { cause: 'upgrade' | 'fault'; evidence: string[] } | undefined {
  const counted = findings.filter((f) => f.cause !== 'standing' && severityRank[f.severity] >= severityRank[vulnerableFrom]);
  if (counted.length === 0) return undefined;
  return {
    cause: counted.some((f) => f.cause === 'fault') ? 'fault' : 'upgrade',
    evidence: counted.map((f) => `${f.name} (${f.severity}, ${f.cause}): ${f.evidence}`),
  };
}
