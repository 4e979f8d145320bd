// Telling a live run from a leftover by its owner labels and its state file.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { removedByDown, currentOwner, labelsOfOwner, ownerOf, ownerState, removeRunState, writeRunState } from '../../harness/owner.ts';

const runId = `unit-owner-${process.pid}`;
afterEach(() => removeRunState(runId));

/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('owner state', () => {
  it('the owner labels round-trip, and this process is the live owner of its runs', () => {
    const owner = ownerOf(labelsOfOwner(currentOwner()));
    expect(owner).toEqual({ host: hostname(), pid: process.pid, started: expect.stringMatching(/^\d+$/) });
    writeRunState(runId, { heartbeat: Date.now() });
    expect(ownerState(runId, owner)).toBe('live');
    expect(removedByDown('live')).toBe(false);
  });

  it('a pid reused by another process is not the owner', () => {
    const owner = { ...currentOwner(), started: '1' };
    expect(ownerState(runId, owner)).toBe('gone');
  });

  it('an owner whose process ended is gone; one that stopped beating is stale; both are leftovers', () => {
    expect(ownerState(runId, { host: hostname(), pid: deadPid(), started: '' })).toBe('gone');
    const owner = currentOwner();
    writeRunState(runId, { heartbeat: Date.now() - 61_000 });
    expect(ownerState(runId, owner)).toBe('stale');
    expect(removedByDown('gone') && removedByDown('stale')).toBe(true);
  });

  it('a testbed kept by bench up is not live, but bench down may remove it; another host is never judged from here', () => {
    const owner = { host: hostname(), pid: deadPid(), started: '' };
    writeRunState(runId, { heartbeat: Date.now(), kept: true });
    expect(ownerState(runId, owner)).toBe('kept');
    expect(removedByDown('kept')).toBe(true);
    removeRunState(runId);
    expect(ownerState(runId, { ...currentOwner(), host: `not-${hostname()}` })).toBe('elsewhere');
    expect(removedByDown('elsewhere')).toBe(false);
    expect(ownerState(runId, ownerOf({}))).toBe('unowned');
  });
});
