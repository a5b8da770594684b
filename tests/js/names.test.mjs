// Display names (static/js/workbench/dom.js nameOf): the workbench shows task.names[key] and
// falls back to the key, which stays what is stored and scored.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameOf } from '../../static/js/workbench/dom.js';

test('a key with a name shows the name', () => {
  assert.equal(nameOf({ car: '小汽车', dashed: '虚线' }, 'car'), '小汽车');
  assert.equal(nameOf({ car: '小汽车', dashed: '虚线' }, 'dashed'), '虚线');
});

test('a key without a name, or with a bad one, shows the key', () => {
  assert.equal(nameOf({ car: '小汽车' }, '正面'), '正面');
  assert.equal(nameOf({ car: '' }, 'car'), 'car');
  assert.equal(nameOf({ car: 42 }, 'car'), 'car');
  assert.equal(nameOf(undefined, 'car'), 'car');
  assert.equal(nameOf(null, 7), '7');
});

test('keys of the object prototype are not names', () => {
  assert.equal(nameOf({}, 'constructor'), 'constructor');
  assert.equal(nameOf({}, '__proto__'), '__proto__');
});
