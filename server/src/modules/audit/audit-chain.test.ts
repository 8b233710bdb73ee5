import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.js';
import { type AuditContext, recordAudits, verifyChain } from './audit.js';

// Appending to the chain from many transactions at once. On PostgreSQL these are concurrent
// connections of the pool: each append takes the chain's lock and reads the head in one statement
// (audit_chain_head), and the head must be read after the lock is granted, not before.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const who: AuditContext = { actorId: null, actorRole: 'system', ip: '127.0.0.1', divisionCode: '370400000000' };
const entry = (n: number) => ({ context: who, entry: { action: 'case.report' as const, targetType: 'test', targetId: `chain-${n}` } });

describe('the audit chain under concurrent appends', () => {
  it('stays one unbroken chain when a holder of the lock commits late', async () => {
    const before = await verifyChain(t.ctx.db);
    expect(before.ok).toBe(true);
    // The first transaction appends, then keeps its lock a while before committing; the others
    // start meanwhile and wait for the lock. Each must then read the head the first one wrote.
    let appended!: () => void;
    const holding = new Promise<void>((resolve) => {
      appended = resolve;
    });
    const slow = t.ctx.db.transaction(async (tx) => {
      await recordAudits(tx, [entry(0), entry(1)]);
      appended();
      await new Promise((r) => setTimeout(r, 300));
    });
    await holding;
    const others = Array.from({ length: 12 }, (_, i) => t.ctx.db.transaction((tx) => recordAudits(tx, [entry(10 + 2 * i), entry(11 + 2 * i)])));
    await Promise.all([slow, ...others]);

    const after = await verifyChain(t.ctx.db);
    expect(after).toMatchObject({ ok: true, checked: before.checked + 26, lastSeq: before.lastSeq + 26 });
  });
});
