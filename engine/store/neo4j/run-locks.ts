/**
 * The detection lock in Neo4j: one `(:RunLock {name})` node under a uniqueness
 * constraint, its lease judged by the server's clock (`timestamp()`), so
 * processes on several machines agree on expiry. Each query takes the node's
 * write lock before it reads the holder (see the Cypher files).
 */
import type { Record as DriverRecord } from 'neo4j-driver';
import { DETECTION_LOCK, type RunLockInfo } from '../../model/run-lock.ts';
import type { RunLocks } from '../ports.ts';
import type { Runner, TxRunner } from './session.ts';
import { asNumber, asString } from './values.ts';

function toInfo(record: DriverRecord): RunLockInfo {
  return {
    holder: asString(record.get('holder')),
    runId: asString(record.get('runId')),
    owner: asString(record.get('owner')),
    acquiredAt: new Date(asNumber(record.get('acquiredAt'))).toISOString(),
    expiresAt: new Date(asNumber(record.get('expiresAt'))).toISOString(),
  };
}

export function createRunLocks(runner: Runner): RunLocks {
  return {
    async acquireRunLock(claim, leaseMs) {
      const [record] = await runner.write('acquire the detection lock', (tx) =>
        tx.run('write/acquire-run-lock', { name: DETECTION_LOCK, holder: claim.holder, runId: claim.runId, owner: claim.owner, leaseMs }),
      );
      if (record === undefined) throw new Error('acquire-run-lock returned no row');
      const info = toInfo(record);
      return record.get('acquired') === true ? { acquired: true, lock: info } : { acquired: false, heldBy: info };
    },

    async renewRunLock(holder, leaseMs) {
      const [record] = await runner.write('renew the detection lock', (tx) => tx.run('write/renew-run-lock', { name: DETECTION_LOCK, holder, leaseMs }));
      return record !== undefined && asNumber(record.get('renewed')) > 0;
    },

    async releaseRunLock(holder) {
      await runner.write('release the detection lock', (tx) => tx.run('write/release-run-lock', { name: DETECTION_LOCK, holder }));
    },

    async runLock() {
      const [record] = await runner.read('read/get-run-lock', { name: DETECTION_LOCK });
      return record === undefined ? null : toInfo(record);
    },
  };
}

/** Inside a write transaction: whether `holder` still holds the lock, with the lock node write-locked until it ends. */
export async function holdsRunLock(tx: TxRunner, holder: string): Promise<boolean> {
  const [record] = await tx.run('write/fence-run-lock', { name: DETECTION_LOCK, holder });
  return record?.get('held') === true;
}
