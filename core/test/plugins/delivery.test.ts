import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/plugins/index.js';
import { eventually, TestClock, type TestHub } from '../helpers/hub.js';
import { jsonOf, Receiver } from '../helpers/receiver.js';
import { probe, probes } from './fixtures/make.js';
import { fixture, orderBasic, pluginStatus, startPluginHub, statusWhere } from './plugin-hub.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  probes.clear();
});

const idsOf = (name: string, verificationId: string) =>
  probe(name)
    .seen.filter((e) => e.verification_id === verificationId)
    .map((e) => e.id);
const logIdsOf = async (h: TestHub, verificationId: string) =>
  (await h.hub.services.store.events.forVerification(verificationId)).map((e) => e.id);
/** Waits until the plugin has been handed every event of the verification's log (completed included). */
const allHandedOver = (h: TestHub, name: string, id: string) =>
  eventually(async () => {
    const log = await logIdsOf(h, id);
    const seen = new Set(idsOf(name, id));
    return log.length >= 3 && log.every((e) => seen.has(e)) ? log : undefined;
  });

describe('plugin delivery', () => {
  it('hands every event to the plugin once, in log order per verification, with the webhook payloads', async () => {
    t = await startPluginHub([{ package: fixture('recorder') }]);
    const a = await orderBasic(t, 'Alpha Ltd');
    const b = await orderBasic(t, 'Beta Ltd');
    const logA = await allHandedOver(t, 'recorder', a);
    const logB = await allHandedOver(t, 'recorder', b);
    expect(idsOf('recorder', a)).toEqual(logA);
    expect(idsOf('recorder', b)).toEqual(logB);
    const decision = probe('recorder').seen.find((e) => e.verification_id === a && e.type === 'verification.completed');
    expect(decision?.payload).toMatchObject({ verification_id: a, supplier: 'Alpha Ltd', status: 'completed' });
    expect(decision).toMatchObject({ livemode: false, attempt: 1 });

    const status = await statusWhere(t, 'recorder', (s) => s.lag === 0 && s.delivered === logA.length + logB.length);
    expect(status).toMatchObject({
      object: 'plugin',
      version: '1.0.0',
      state: 'running',
      health: { status: 'ok', detail: null },
      pending: 0,
      dead_letters: 0,
      recent_dead_letters: [],
    });
    expect(status.cursor).toBe(status.head);
  });

  it('retries a failing event with backoff and holds back that verification’s later events until it succeeds', async () => {
    const clock = new TestClock();
    t = await startPluginHub([{ package: fixture('recorder'), retrySchedule: [60, 600] }], { clock });
    let failing = true;
    probe('recorder').behaviour = async (e) => {
      if (failing && e.type === 'verification.status_changed' && e.payload.previous_status === null)
        throw new Error('CRM answered 503 Service Unavailable');
    };
    const id = await orderBasic(t);
    const failed = await statusWhere(t, 'recorder', (s) => s.retrying === 1);
    expect(failed).toMatchObject({ state: 'degraded', last_error: 'CRM answered 503 Service Unavailable' });
    // Its decision exists, but the plugin has not been handed it: the first event of that verification waits.
    await eventually(async () => ((await logIdsOf(t!, id)).length >= 3 ? true : undefined));
    expect(idsOf('recorder', id)).toHaveLength(1);

    failing = false;
    clock.advance(30_000); // not due yet (60 s ± 10 %)
    t.hub.services.plugins.notify();
    expect((await pluginStatus(t, 'recorder')).retrying).toBe(1);
    clock.advance(40_000);
    t.hub.services.plugins.notify();
    const log = await allHandedOver(t, 'recorder', id);
    const seen = idsOf('recorder', id);
    expect(seen[0]).toBe(seen[1]); // the same event, twice: at least once, then the rest in order
    expect(seen.slice(1)).toEqual(log);
    expect(
      probe('recorder')
        .seen.filter((e) => e.id === log[0])
        .map((e) => e.attempt),
    ).toEqual([1, 2]);
    await statusWhere(t, 'recorder', (s) => s.state === 'running' && s.lag === 0);
  });

  it.each([0, 500])(
    'retries on schedule an event whose attempt ran while the hub’s clock moved on, never twice at once (pace %i/s)',
    async (maxEventsPerSecond) => {
      const clock = new TestClock();
      t = await startPluginHub([{ package: fixture('recorder'), retrySchedule: [60], maxEventsPerSecond }], { clock });
      let held: string | undefined;
      let entered!: () => void;
      const inFlight = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The first decision's first attempt hangs until released, then fails (the CRM was down when it was sent).
      probe('recorder').behaviour = async (e) => {
        if (e.type !== 'verification.completed' || e.attempt > 1 || (held !== undefined && held !== e.id)) return;
        held = e.id;
        entered();
        await released;
        throw new Error('CRM answered 503 Service Unavailable');
      };
      await orderBasic(t, 'Held Ltd');
      await inFlight;
      // Two hours pass on the hub's clock while that attempt runs: its lease on the event runs out.
      clock.advance(2 * 3_600_000);
      t.hub.services.plugins.notify();
      // A later verification's first event handed over shows a claim ran after the jump (claims go in log order,
      // so the held event, claimable again by its lease, came first).
      const other = await orderBasic(t, 'Other Ltd');
      await eventually(async () => (idsOf('recorder', other).length > 0 ? true : undefined));
      release();
      // The failure happened before the jump: its retry (60 s later) is due now, without moving the clock again.
      const attempts = () =>
        probe('recorder')
          .seen.filter((e) => e.id === held)
          .map((e) => e.attempt);
      await eventually(async () => (attempts().includes(2) ? true : undefined));
      expect(attempts()).toEqual([1, 2]);
      await statusWhere(t, 'recorder', (s) => s.lag === 0 && s.retrying === 0 && s.delivered >= 6);
    },
  );

  it('hands a backlog over no faster than maxEventsPerSecond', async () => {
    const clock = new TestClock();
    t = await startPluginHub([{ package: fixture('recorder'), maxEventsPerSecond: 20, retrySchedule: [3600] }], {
      clock,
    });
    // A backlog: the plugin fails everything until the clock reaches the first retry, then takes it all.
    probe('recorder').behaviour = async () => {
      if (clock.now() < opened) throw new Error('down');
    };
    const opened = clock.now() + 3_000_000;
    const ids = [await orderBasic(t, 'One Ltd'), await orderBasic(t, 'Two Ltd'), await orderBasic(t, 'Three Ltd')];
    for (const id of ids) await eventually(async () => ((await logIdsOf(t!, id)).length >= 3 ? true : undefined));
    // Each verification's first event is retrying; its later ones wait behind it.
    await statusWhere(t, 'recorder', (s) => s.retrying === ids.length);
    const handedAt: number[] = [];
    probe('recorder').behaviour = async () => {
      handedAt.push(Date.now());
    };
    clock.advance(2 * 3_600_000);
    t.hub.services.plugins.notify();
    await statusWhere(t, 'recorder', (s) => s.pending === 0 && s.lag === 0);
    // At 20 events/s, one claim every 50 ms at most (a few ms of slack for when each attempt starts).
    expect(handedAt.length).toBeGreaterThanOrEqual(3 * ids.length);
    expect(handedAt.at(-1)! - handedAt[0]!).toBeGreaterThanOrEqual((handedAt.length - 1) * 50 - 10);
  });

  it('dead-letters a poison event after the retries and moves on to the next ones', async () => {
    const clock = new TestClock();
    t = await startPluginHub([{ package: fixture('recorder'), retrySchedule: [1, 1] }], { clock });
    let poison: string | undefined;
    probe('recorder').behaviour = async (e) => {
      if (e.verification_id === poison && e.type === 'verification.completed') throw new Error('cannot map field');
    };
    poison = await orderBasic(t, 'Poison Ltd');
    await statusWhere(t, 'recorder', (s) => s.retrying === 1);
    const poisonAttempts = () =>
      probe('recorder').seen.filter((e) => e.verification_id === poison && e.type === 'verification.completed').length;
    for (const attempt of [2, 3]) {
      clock.advance(2_000);
      t.hub.services.plugins.notify();
      await eventually(async () => (poisonAttempts() === attempt ? true : undefined));
    }
    const dead = await statusWhere(t, 'recorder', (s) => s.dead_letters === 1);
    expect(dead.state).toBe('degraded');
    expect(dead.recent_dead_letters).toEqual([
      expect.objectContaining({
        event_type: 'verification.completed',
        verification_id: poison,
        attempts: 3,
        error: 'cannot map field',
      }),
    ]);
    // The cursor has moved on: a later verification goes through.
    const next = await orderBasic(t, 'Healthy Ltd');
    await allHandedOver(t, 'recorder', next);
    // Its dead letter is kept for the other environment's keys to not see.
    expect((await pluginStatus(t, 'recorder', t.liveKey)).dead_letters).toBe(0);

    // Replayed once the bug is fixed: handed over again, and gone from the dead letters.
    poison = undefined;
    expect(await t.hub.services.store.plugins.replayDead('recorder', clock.now())).toBe(1);
    t.hub.services.plugins.notify();
    await statusWhere(t, 'recorder', (s) => s.dead_letters === 0 && s.lag === 0);
  });

  it('dead-letters at once an error that says no retry can help', async () => {
    t = await startPluginHub([{ package: fixture('recorder') }]);
    probe('recorder').behaviour = async (e) => {
      if (e.type === 'verification.completed') throw new PermanentError('ENTITY_IS_DELETED: entity is deleted');
    };
    const id = await orderBasic(t);
    const s = await statusWhere(t, 'recorder', (x) => x.dead_letters === 1);
    expect(s.recent_dead_letters[0]).toMatchObject({
      verification_id: id,
      attempts: 1,
      error: 'ENTITY_IS_DELETED: entity is deleted',
    });
  });

  it('a hanging plugin times out and blocks neither the API, nor webhooks, nor another plugin', async () => {
    t = await startPluginHub([
      { package: fixture('recorder'), timeoutSeconds: 0.2, concurrency: 1 },
      { package: fixture('second') },
    ]);
    const receiver = await Receiver.start();
    const hook = await t.request('POST', '/v1/webhooks', { body: { url: receiver.url, events: ['decision_issued'] } });
    expect(hook.status, hook.text).toBe(201);
    let aborted = 0;
    probe('recorder').behaviour = (_e, signal) =>
      new Promise(() => {
        signal.addEventListener('abort', () => aborted++);
      });
    const ids = [await orderBasic(t, 'One Ltd'), await orderBasic(t, 'Two Ltd')];
    for (const id of ids) await allHandedOver(t, 'second', id);
    const started = Date.now();
    expect((await t.request('GET', `/v1/verifications/${ids[0]}`)).json.status).toBe('completed');
    expect(Date.now() - started).toBeLessThan(1_000);
    const stuck = await statusWhere(t, 'recorder', (s) => s.retrying >= 1);
    expect(stuck.last_error).toBe('timed out after 0.2 s');
    expect(aborted).toBeGreaterThanOrEqual(1);
    expect((await pluginStatus(t, 'second')).state).toBe('running');
    const decided = await receiver.waitFor((rs) =>
      rs.length >= 2 ? rs.map((r) => jsonOf(r).verification_id) : undefined,
    );
    expect(decided.sort()).toEqual([...ids].sort());
    await receiver.close();
  });

  it('keeps undelivered events across a restart: nothing is lost while the plugin was failing', async () => {
    const clock = new TestClock();
    const first = await startPluginHub([{ package: fixture('recorder'), retrySchedule: [3600] }], { clock });
    t = first;
    probe('recorder').behaviour = async () => {
      throw new Error('down');
    };
    const id = await orderBasic(t);
    await statusWhere(t, 'recorder', (s) => s.retrying === 1);
    const dataDir = t.dataDir;
    await t.hub.close();
    t = undefined;

    probes.clear();
    clock.advance(3_600_000 * 1.2);
    t = await startPluginHub([{ package: fixture('recorder'), retrySchedule: [3600] }], { clock, dataDir });
    const log = await allHandedOver(t, 'recorder', id);
    expect(idsOf('recorder', id)).toEqual(log);
    await statusWhere(t, 'recorder', (s) => s.lag === 0 && s.dead_letters === 0);
  });
});
