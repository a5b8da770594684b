// History (static/js/workbench/history.js): undo / redo over JSON snapshots.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../../static/js/workbench/history.js';

/** A model that is just a value; snapshot = JSON, restore records what was put back. */
function setup(initial = 0) {
  const m = { value: initial, restored: [], events: 0 };
  const h = new History(() => JSON.stringify(m.value), (snap) => {
    m.restored.push(snap);
    m.value = JSON.parse(snap);
  });
  h.onChange(() => m.events++);
  const set = (v) => {
    m.value = v;
    return h.commit();
  };
  return { h, m, set };
}

describe('History', () => {
  test('starts with nothing to undo or redo', () => {
    const { h } = setup();
    assert.equal(h.canUndo(), false);
    assert.equal(h.canRedo(), false);
    assert.equal(h.undo(), false);
    assert.equal(h.redo(), false);
    assert.equal(h.current, '0');
  });

  test('a commit without a change records nothing and tells no one', () => {
    const { h, m, set } = setup(5);
    assert.equal(set(5), false);
    assert.equal(h.canUndo(), false);
    assert.equal(m.events, 0);
  });

  test('undo walks back step by step, redo forward again', () => {
    const { h, m, set } = setup(0);
    assert.equal(set(1), true);
    assert.equal(set(2), true);
    assert.equal(set(3), true);
    assert.equal(h.undo(), true);
    assert.equal(m.value, 2);
    assert.equal(h.undo(), true);
    assert.equal(m.value, 1);
    assert.equal(h.canRedo(), true);
    assert.equal(h.redo(), true);
    assert.equal(m.value, 2);
    assert.equal(h.redo(), true);
    assert.equal(m.value, 3);
    assert.equal(h.redo(), false);
    assert.deepEqual(m.restored, ['2', '1', '2', '3']);
    assert.equal(m.events, 3 + 4); // three commits, four moves
  });

  test('undo all the way back to the loaded model, and no further', () => {
    const { h, m, set } = setup({ a: 1 });
    set({ a: 2 });
    set({ a: 3 });
    assert.equal(h.undo(), true);
    assert.equal(h.undo(), true);
    assert.deepEqual(m.value, { a: 1 });
    assert.equal(h.undo(), false);
    assert.equal(m.restored.length, 2);
  });

  test('a new change after undo drops the redo branch', () => {
    const { h, m, set } = setup(0);
    set(1);
    set(2);
    h.undo(); // back to 1
    assert.equal(set(10), true);
    assert.equal(h.canRedo(), false);
    assert.equal(h.redo(), false);
    h.undo();
    assert.equal(m.value, 1);
    h.undo();
    assert.equal(m.value, 0);
  });

  test('reset starts afresh from the model as it is now', () => {
    const { h, m, set } = setup(0);
    set(1);
    set(2);
    h.undo();
    m.value = 42; // e.g. the server's answer loaded after a 409
    const before = m.events;
    h.reset();
    assert.equal(m.events, before + 1);
    assert.equal(h.current, '42');
    assert.equal(h.canUndo(), false);
    assert.equal(h.canRedo(), false);
    set(43);
    h.undo();
    assert.equal(m.value, 42);
  });

  test('keeps the last 300 steps', () => {
    const { h, m, set } = setup(0);
    for (let i = 1; i <= 305; i++) set(i);
    // 305 commits push 0 … 304 onto the undo stack; the 5 oldest (0 … 4) are dropped.
    let n = 0;
    while (h.undo()) n++;
    assert.equal(n, 300);
    assert.equal(m.value, 5);
  });
});
