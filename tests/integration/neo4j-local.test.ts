/**
 * The local Neo4j of tools/neo4j-local: starts on a free port with a fresh
 * home, answers Bolt queries, refuses a taken port with a clear message, and
 * stops cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/model/errors.ts';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../../engine/store/neo4j/local-server.ts';

describe('startLocalNeo4j', () => {
  let home: string;
  let server: LocalNeo4j | null = null;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'ringtrace-neo4j-local-'));
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('when started on a free port with a password, then neo4j-driver runs RETURN 1 there', async () => {
    const port = await freePort();
    server = await startLocalNeo4j({ port, home: join(home, 'a'), password: 'local-test-pw' });
    expect(server.uri).toBe(`bolt://127.0.0.1:${port}`);

    const driver = neo4j.driver(server.uri, neo4j.auth.basic('neo4j', 'local-test-pw'));
    try {
      const result = await driver.executeQuery('RETURN 1 AS one');
      expect(result.records[0]?.get('one').toNumber()).toBe(1);
    } finally {
      await driver.close();
    }
  });

  it('when a second server starts on the taken port, then it fails with CONFLICT and says the port is in use', async () => {
    expect(server).not.toBeNull();
    const port = Number(new URL(server?.uri ?? '').port);
    const attempt = startLocalNeo4j({ port, home: join(home, 'b') });
    await expect(attempt).rejects.toBeInstanceOf(EngineError);
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'port_taken' } });
    await expect(attempt).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  });

  it('when the same home is opened twice, then the second start fails with CONFLICT store_locked', async () => {
    const attempt = startLocalNeo4j({ port: await freePort(), home: join(home, 'a') });
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'store_locked' } });
  });

  it('when stopped, then the process exits and Bolt no longer answers', async () => {
    const running = server;
    expect(running).not.toBeNull();
    if (running === null) return;
    await running.stop();
    expect(await running.exited).toBe(0);
    const driver = neo4j.driver(running.uri, neo4j.auth.basic('neo4j', 'local-test-pw'), { connectionTimeout: 2_000 });
    try {
      await expect(driver.verifyConnectivity()).rejects.toThrow();
    } finally {
      await driver.close();
    }
    server = null;
  });
});
