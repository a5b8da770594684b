// Saver (static/js/workbench/save.js): debounce, ordering, seq, the server's replies.
// Timers and Date are faked (t.mock.timers); fetch is answered by hand (dom-stub.mjs).

import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { installDom, MemoryStorage, settle } from './dom-stub.mjs';
import { Saver, errorOf, readBackup } from '../../static/js/workbench/save.js';

const KEY = 'wb:/api/v1/practice/attempts/7/answer';
const URL_SAVE = '/api/v1/practice/attempts/7/answer';

let env;
beforeEach(() => {
  env = installDom();
});

/** A Saver over a model {answer}; `model.answer` is what the next save sends. */
function makeSaver(t, extra = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const model = { answer: { v: 0 }, invalid: null };
  const log = { statuses: [], conflicts: [], reloads: 0, closed: [] };
  const saver = new Saver({
    saveUrl: URL_SAVE,
    seq: 5,
    savedAt: null,
    storageKey: KEY,
    getBody: () => ({ answer: model.answer }),
    validate: () => model.invalid,
    onStatus: (st) => log.statuses.push(st),
    onConflict: (body) => {
      log.conflicts.push(body);
      model.answer = body.answer;
    },
    onReload: () => log.reloads++,
    onClosed: (err) => log.closed.push(err),
    ...extra,
  });
  const edit = (v) => {
    model.answer = { v };
    saver.changed();
  };
  return { saver, model, log, edit, state: () => log.statuses[log.statuses.length - 1].state };
}

describe('errorOf', () => {
  test('reads {"error": {code, message, fields}}', () => {
    const fields = [{ field: 'answer', message: 'bad' }];
    assert.deepEqual(errorOf({ error: { code: 'closed', message: '考试已交卷', fields } }, 409), {
      status: 409, code: 'closed', message: '考试已交卷', fields,
    });
  });
  test('older shapes: error as a string, or a top-level message', () => {
    assert.deepEqual(errorOf({ error: 'nope' }, 400), { status: 400, code: '', message: 'nope' });
    assert.deepEqual(errorOf({ message: 'later' }, 422), { status: 422, code: '', message: 'later' });
  });
  test('anything else gives empty strings, never throws', () => {
    for (const body of [null, undefined, 'text', 42, [], {}, { error: null }, { error: { code: 7, message: {} } }]) {
      assert.deepEqual(errorOf(body, 500), { status: 500, code: '', message: '' }, JSON.stringify(body));
    }
    assert.deepEqual(errorOf({}), { status: 0, code: '', message: '' });
  });
});

describe('Saver: debounce and ordering', () => {
  test('saves once, 1 s after the last change, with seq + 1 and the CSRF token', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    assert.equal(state(), 'idle');
    edit(1);
    t.mock.timers.tick(600);
    edit(2);
    t.mock.timers.tick(999); // 999 ms after the last change: still waiting
    assert.equal(env.fetch.calls.length, 0);
    assert.equal(state(), 'dirty');
    t.mock.timers.tick(1);
    assert.equal(env.fetch.calls.length, 1);
    const c = env.fetch.last;
    assert.equal(c.url, URL_SAVE);
    assert.equal(c.method, 'PUT');
    assert.deepEqual(c.body, { answer: { v: 2 }, seq: 6 });
    assert.equal(c.headers['X-CSRF-Token'], 'tok-123');
    assert.equal(c.keepalive, true);
    assert.equal(state(), 'saving');
    c.respond(200, { seq: 6, saved_at: 1_000_123 });
    await settle();
    assert.deepEqual(log.statuses.at(-1), { state: 'saved', savedAt: 1_000_123 });
    assert.equal(saver.seq, 6);
    assert.equal(saver.dirty(), false);
    // clock: 1 000 000 + 600 + 999 + 1 = 1 001 600
    assert.deepEqual(readBackup(KEY), { body: { answer: { v: 2 } }, base: 6, saved: true, at: 1_001_600 });
  });

  test('the backup holds an unsaved change at once, built on the current seq', (t) => {
    const { edit } = makeSaver(t);
    edit(3);
    assert.deepEqual(readBackup(KEY), { body: { answer: { v: 3 } }, base: 5, saved: false, at: 1_000_000 });
  });

  test('one request at a time: a change made meanwhile follows with the new seq', async (t) => {
    const { saver, edit, state } = makeSaver(t);
    edit(1);
    saver.flush();
    assert.equal(env.fetch.calls.length, 1);
    edit(2);
    saver.flush(); // in flight: only noted
    assert.equal(env.fetch.calls.length, 1);
    env.fetch.calls[0].respond(200, { seq: 6, saved_at: 1 });
    await settle();
    assert.equal(env.fetch.calls.length, 2);
    assert.deepEqual(env.fetch.calls[1].body, { answer: { v: 2 }, seq: 7 });
    env.fetch.calls[1].respond(200, { seq: 7, saved_at: 2 });
    await settle();
    assert.equal(saver.seq, 7);
    assert.equal(state(), 'saved');
    assert.equal(env.fetch.calls.length, 2);
  });

  test('a change while saving, without another flush, is saved a second after the reply', async (t) => {
    const { saver, edit, state } = makeSaver(t);
    edit(1);
    saver.flush();
    edit(2); // schedules a flush in 1 s …
    t.mock.timers.tick(1000); // … which finds the first request in flight
    env.fetch.calls[0].respond(200, { seq: 6, saved_at: 1 });
    await settle();
    assert.equal(env.fetch.calls.length, 2);
    assert.equal(env.fetch.calls[1].body.seq, 7);
    assert.deepEqual(env.fetch.calls[1].body.answer, { v: 2 });
    env.fetch.calls[1].respond(200, { seq: 7, saved_at: 2 });
    await settle();
    assert.equal(state(), 'saved');
  });

  test('a 200 without seq counts one up; without saved_at takes the clock', async (t) => {
    const { saver, edit, log } = makeSaver(t);
    edit(1);
    saver.flush();
    env.fetch.last.respond(200, {});
    await settle();
    assert.equal(saver.seq, 6);
    assert.equal(log.statuses.at(-1).savedAt, 1_000_000);
  });

  test('blur and a hidden page save at once; a visible page does not', async (t) => {
    const { edit } = makeSaver(t);
    edit(1);
    env.window.dispatchEvent(new Event('blur'));
    assert.equal(env.fetch.calls.length, 1);
    env.fetch.last.respond(200, { seq: 6, saved_at: 1 });
    await settle();
    edit(2);
    env.document.dispatchEvent(new Event('visibilitychange'));
    assert.equal(env.fetch.calls.length, 1, 'still visible');
    env.document.visibilityState = 'hidden';
    env.document.dispatchEvent(new Event('visibilitychange'));
    assert.equal(env.fetch.calls.length, 2);
    assert.equal(env.fetch.last.body.seq, 7);
  });

  test('nothing changed: flush sends nothing', (t) => {
    const { saver } = makeSaver(t);
    saver.flush();
    env.window.dispatchEvent(new Event('pagehide'));
    assert.equal(env.fetch.calls.length, 0);
  });

  test('an answer that cannot be saved is not sent, and says why', (t) => {
    const { saver, model, edit, log } = makeSaver(t);
    model.invalid = 'edges 1, 3 cross';
    edit(1);
    t.mock.timers.tick(1000);
    assert.equal(env.fetch.calls.length, 0);
    assert.deepEqual(log.statuses.at(-1), { state: 'invalid', savedAt: null, message: 'edges 1, 3 cross' });
    assert.equal(saver.dirty(), true);
  });

  test('keepalive only for bodies under 60 000 bytes, counted in UTF-8', (t) => {
    const { saver, model } = makeSaver(t);
    // 25 000 CJK characters: 25 000 UTF-16 units, but 3 × 25 000 = 75 000 bytes > 60 000.
    model.answer = { text: '字'.repeat(25000) };
    saver.changed();
    saver.flush();
    assert.equal(env.fetch.last.keepalive, false);
  });
});

describe('Saver: errors and retries', () => {
  test('5xx and network errors retry after 1, 2, 4 … s, capped at 30 s', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    edit(1);
    saver.flush();
    // delays 1000 · 2^(k-1): 1000, 2000, 4000, 8000, 16000, then 32000 capped to 30000, 30000
    const delays = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    for (const [k, delay] of delays.entries()) {
      if (k % 2) env.fetch.last.fail();
      else env.fetch.last.respond(503, { error: { code: 'unavailable', message: 'busy' } });
      await settle();
      assert.equal(state(), 'error');
      assert.equal(log.statuses.at(-1).retryAt, Date.now() + delay);
      const n = env.fetch.calls.length;
      t.mock.timers.tick(delay - 1);
      assert.equal(env.fetch.calls.length, n, `no retry before ${delay} ms`);
      t.mock.timers.tick(1);
      assert.equal(env.fetch.calls.length, n + 1, `retry at ${delay} ms`);
      assert.equal(env.fetch.last.body.seq, 6, 'the same seq again');
    }
    env.fetch.last.respond(200, { seq: 6, saved_at: 9 });
    await settle();
    assert.equal(state(), 'saved');
    assert.equal(saver.retries, 0);
  });

  test('a rejected save (other 4xx) shows the server message and is not retried by itself', async (t) => {
    const { saver, edit, log } = makeSaver(t);
    edit(1);
    saver.flush();
    env.fetch.last.respond(422, { error: { code: 'invalid_answer', message: '答案格式不正确', fields: [] } });
    await settle();
    assert.deepEqual(log.statuses.at(-1), {
      state: 'rejected', savedAt: null, status: 422, code: 'invalid_answer', message: '答案格式不正确',
    });
    t.mock.timers.tick(120000);
    assert.equal(env.fetch.calls.length, 1);
    saver.retryNow();
    assert.equal(env.fetch.calls.length, 2);
  });

  test('a rejected save without a message leaves it empty (the bar then shows the status)', async (t) => {
    const { saver, edit, log } = makeSaver(t);
    edit(1);
    saver.flush();
    env.fetch.last.respond(403); // no JSON body at all
    await settle();
    assert.deepEqual(log.statuses.at(-1), { state: 'rejected', savedAt: null, status: 403, code: '', message: '' });
  });
});

describe('Saver: 409', () => {
  test('"stale" with the state: adopts it and saves on top of its seq', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    edit(1);
    saver.flush();
    const body = { error: { code: 'stale', message: 'changed elsewhere' }, answer: { v: 9 }, seq: 12, saved_at: 777, flagged: false, result: null };
    env.fetch.last.respond(409, body);
    await settle();
    assert.deepEqual(log.conflicts, [body]);
    assert.equal(saver.seq, 12);
    assert.equal(state(), 'conflict');
    assert.equal(log.statuses.at(-1).savedAt, 777);
    assert.equal(saver.dirty(), false);
    assert.equal(saver.locked, false);
    assert.deepEqual(readBackup(KEY).body, { answer: { v: 9 } });
    edit(10);
    saver.flush();
    assert.deepEqual(env.fetch.last.body, { answer: { v: 10 }, seq: 13 });
  });

  test('"stale" carrying our own answer: adopted silently', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    edit(4);
    saver.flush();
    env.fetch.last.respond(409, { error: { code: 'stale', message: '' }, answer: { v: 4 }, seq: 8, saved_at: 5 });
    await settle();
    assert.equal(log.conflicts.length, 0);
    assert.equal(state(), 'saved');
    assert.equal(saver.seq, 8);
  });

  test('no code but the state (older servers): still adopted', async (t) => {
    const { saver, edit, log } = makeSaver(t);
    edit(1);
    saver.flush();
    env.fetch.last.respond(409, { answer: null, seq: 9, saved_at: null });
    await settle();
    assert.equal(log.conflicts.length, 1);
    assert.equal(saver.seq, 9);
    assert.equal(saver.locked, false);
  });

  test('neither code nor state: stops editing and reloads after 0.8 s', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    edit(1);
    saver.flush();
    env.fetch.last.respond(409, {});
    await settle();
    assert.equal(state(), 'reloading');
    assert.equal(log.reloads, 1);
    assert.equal(saver.locked, true);
    assert.equal(readBackup(KEY), null);
    t.mock.timers.tick(799);
    assert.equal(env.window.reloads, 0);
    t.mock.timers.tick(1);
    assert.equal(env.window.reloads, 1);
  });

  test('"closed": locks, shows the message, drops the backup, reloads once after 5 s', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    edit(1);
    saver.flush();
    const error = { code: 'closed', message: '本场模拟考试已交卷，不能再修改。' };
    env.fetch.last.respond(409, { error });
    await settle();
    assert.equal(saver.locked, true);
    assert.deepEqual(log.statuses.at(-1), { state: 'closed', savedAt: null, code: 'closed', message: error.message });
    assert.deepEqual(log.closed, [{ status: 409, code: 'closed', message: error.message }]);
    assert.equal(log.conflicts.length, 0);
    assert.equal(log.reloads, 0, 'not the stale reload');
    assert.equal(readBackup(KEY), null, 'a restored backup would only be refused again');
    // no further saves, whatever happens
    edit(2);
    saver.flush();
    env.window.dispatchEvent(new Event('blur'));
    saver.retryNow();
    t.mock.timers.tick(4999);
    assert.equal(env.fetch.calls.length, 1);
    assert.equal(env.window.reloads, 0, 'the message is shown first');
    t.mock.timers.tick(1);
    assert.equal(env.window.reloads, 1);
    t.mock.timers.tick(60000);
    assert.equal(env.window.reloads, 1);
    assert.equal(state(), 'closed');
  });

  test('"paused": keeps the answer, says why, and tries again every 15 s until it lands', async (t) => {
    const { saver, edit, log, state } = makeSaver(t);
    edit(1);
    saver.flush();
    const error = { code: 'paused', message: '监考员已暂停本场考试。' };
    env.fetch.last.respond(409, { error });
    await settle();
    assert.equal(saver.locked, false, 'a pause is not the end');
    assert.deepEqual(log.statuses.at(-1), { state: 'paused', savedAt: null, code: 'paused', message: error.message });
    assert.equal(log.closed.length, 0);
    assert.deepEqual(readBackup(KEY).body, { answer: { v: 1 } }, 'the unsaved answer stays backed up');
    t.mock.timers.tick(14999);
    assert.equal(env.fetch.calls.length, 1);
    t.mock.timers.tick(1);
    assert.equal(env.fetch.calls.length, 2, 'retried after 15 s');
    assert.equal(env.fetch.last.body.seq, 6, 'with the same seq: nothing was saved');
    env.fetch.last.respond(200, { seq: 6, saved_at: 1_015_000 });
    await settle();
    assert.equal(state(), 'saved');
  });

  test('"closed" again right after the reload: no second reload (no loop)', async (t) => {
    const storage = new MemoryStorage();
    env = installDom({ storage });
    const first = makeSaver(t);
    first.edit(1);
    first.saver.flush();
    env.fetch.last.respond(409, { error: { code: 'closed', message: 'x' } });
    await settle();
    t.mock.timers.tick(5000);
    assert.equal(env.window.reloads, 1);
    // the page that loaded: same tab storage, a new window
    env = installDom({ storage });
    const second = new Saver({
      saveUrl: URL_SAVE, seq: 6, savedAt: null, storageKey: KEY,
      getBody: () => ({ answer: 1 }), validate: () => null, onStatus: () => {}, onConflict: () => {},
    });
    second.changed();
    second.flush();
    env.fetch.last.respond(409, { error: { code: 'submitted', message: 'y' } });
    await settle();
    assert.equal(second.locked, true);
    t.mock.timers.tick(10000);
    assert.equal(env.window.reloads, 0);
  });

  for (const code of ['outdated', 'hand_in_required']) {
    test(`"${code}": locks and shows the message, without reloading`, async (t) => {
      const { saver, edit, log, state } = makeSaver(t);
      edit(1);
      saver.flush();
      env.fetch.last.respond(409, { error: { code, message: `msg ${code}` } });
      await settle();
      assert.equal(saver.locked, true);
      assert.equal(state(), 'closed');
      assert.equal(log.closed[0].message, `msg ${code}`);
      t.mock.timers.tick(60000);
      assert.equal(env.window.reloads, 0);
      assert.equal(env.fetch.calls.length, 1);
    });
  }
});

describe('Saver.submit', () => {
  const SUBMIT = '/api/v1/practice/attempts/7/submit';

  test('200: resolves with the result, locks, clears the backup', async (t) => {
    const { saver, edit, state } = makeSaver(t);
    edit(1);
    const p = saver.submit(SUBMIT);
    await settle();
    assert.equal(env.fetch.calls.length, 1, 'the submit replaces the pending save');
    assert.equal(env.fetch.last.method, 'POST');
    assert.deepEqual(env.fetch.last.body, { answer: { v: 1 }, seq: 6 });
    env.fetch.last.respond(200, { score: 0.5, seq: 6 });
    assert.deepEqual(await p, { score: 0.5, seq: 6 });
    assert.equal(saver.locked, true);
    assert.equal(state(), 'submitted');
    assert.equal(readBackup(KEY), null);
    t.mock.timers.tick(5000);
    assert.equal(env.fetch.calls.length, 1);
  });

  test('refused: rejects with {status, code, message} from the server; the answer is saved later', async (t) => {
    const { saver, edit } = makeSaver(t);
    edit(1);
    const p = saver.submit(SUBMIT);
    await settle();
    env.fetch.last.respond(400, { error: { code: 'invalid_answer', message: '第 2 个对象缺少标签' } });
    await assert.rejects(p, (e) => {
      assert.deepEqual(e, { status: 400, code: 'invalid_answer', message: '第 2 个对象缺少标签' });
      return true;
    });
    assert.equal(saver.locked, false);
    t.mock.timers.tick(1000);
    assert.equal(env.fetch.last.method, 'PUT', 'the unsaved answer still goes to the server');
  });

  test('no network: rejects with status 0 and an empty message (the page says submit_failed)', async (t) => {
    const { saver, edit } = makeSaver(t);
    edit(1);
    const p = saver.submit(SUBMIT);
    await settle();
    env.fetch.last.fail();
    await assert.rejects(p, (e) => e.status === 0 && e.code === 'network' && e.message === '');
  });

  test('409 "submitted": locks via onClosed and marks the rejection as shown', async (t) => {
    const { saver, edit, log } = makeSaver(t);
    edit(1);
    const p = saver.submit(SUBMIT);
    await settle();
    env.fetch.last.respond(409, { error: { code: 'submitted', message: '本题已提交' } });
    await assert.rejects(p, (e) => e.closed === true && e.code === 'submitted' && e.message === '本题已提交');
    assert.equal(saver.locked, true);
    assert.equal(log.closed.length, 1);
  });

  test('409 "hand_in_required": rejects with the message but saving goes on', async (t) => {
    const { saver, edit, log } = makeSaver(t);
    edit(1);
    const p = saver.submit(SUBMIT);
    await settle();
    env.fetch.last.respond(409, { error: { code: 'hand_in_required', message: '模拟考试的题目需整卷交卷' } });
    await assert.rejects(p, (e) => !e.closed && e.message === '模拟考试的题目需整卷交卷');
    assert.equal(saver.locked, false);
    assert.equal(log.closed.length, 0);
  });

  test('an invalid answer is not sent', async (t) => {
    const { saver, model, edit } = makeSaver(t);
    model.invalid = 'polygon has no area';
    edit(1);
    await assert.rejects(saver.submit(SUBMIT), (e) => e.status === 0 && e.message === 'polygon has no area');
    assert.equal(env.fetch.calls.length, 0);
  });

  test('waits for every save in flight and never sends two requests with one seq', async (t) => {
    const { saver, edit } = makeSaver(t);
    edit(1);
    saver.flush(); // PUT seq 6 in flight
    edit(2);
    saver.flush(); // noted: another save follows the reply
    const p = saver.submit(SUBMIT);
    env.fetch.calls[0].respond(200, { seq: 6, saved_at: 1 });
    await settle();
    env.window.dispatchEvent(new Event('blur')); // a dialog or a click elsewhere
    t.mock.timers.tick(1000); // the debounced save of change 2
    await settle();
    // Exactly one more request went out: the submit, carrying change 2 on top of seq 6.
    assert.deepEqual(env.fetch.calls.map((c) => `${c.method} ${c.body.seq}`), ['PUT 6', 'POST 7']);
    assert.deepEqual(env.fetch.last.body.answer, { v: 2 });
    env.fetch.last.respond(200, { score: 1, seq: 7 });
    await p;
  });
});
