// The save state in the bar (Shell#setStatus in static/js/workbench/shell.js): the server's
// message must reach the person. Called on a stand-in `this`, so no DOM tree is needed.

import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { installDom } from './dom-stub.mjs';
import { setMessages } from '../../static/js/workbench/i18n.js';
import { Shell, closedText } from '../../static/js/workbench/shell.js';

const MESSAGES = {
  'workbench.save_rejected': 'Not saved ({message}); your answer is kept on this page',
  'workbench.save_expired': 'Session expired',
  'workbench.save_error': 'Save failed, retrying',
};

function bar() {
  return { statusText: { textContent: '' }, status: { dataset: {} }, retryBtn: { hidden: true } };
}

function show(st) {
  const b = bar();
  Shell.prototype.setStatus.call(b, st);
  return { text: b.statusText.textContent, tone: b.status.dataset.tone, retry: !b.retryBtn.hidden };
}

beforeEach(() => {
  installDom();
  setMessages(MESSAGES);
});

describe('Shell#setStatus', () => {
  test('rejected: the server message, else the status number; retry offered', () => {
    assert.deepEqual(show({ state: 'rejected', status: 422, message: '答案格式不正确' }), {
      text: 'Not saved (答案格式不正确); your answer is kept on this page', tone: 'error', retry: true,
    });
    assert.equal(show({ state: 'rejected', status: 422, message: '' }).text, 'Not saved (422); your answer is kept on this page');
  });

  test('401 / 403 keep the session-expired text', () => {
    assert.equal(show({ state: 'rejected', status: 401, message: 'whatever' }).text, 'Session expired');
    assert.equal(show({ state: 'rejected', status: 403, message: '' }).text, 'Session expired');
  });

  test('closed: the server message as it is, no retry', () => {
    assert.deepEqual(show({ state: 'closed', code: 'closed', message: '本场模拟考试已交卷。' }), {
      text: '本场模拟考试已交卷。', tone: 'warn', retry: false,
    });
  });

  test('closed without a message: save_closed when the page has it, else a rejected text', () => {
    assert.equal(show({ state: 'closed', code: 'closed', message: '' }).text, 'Not saved (409); your answer is kept on this page');
    setMessages({ ...MESSAGES, 'workbench.save_closed': 'No more changes are accepted.' });
    assert.equal(closedText(), 'No more changes are accepted.');
    assert.equal(show({ state: 'closed', message: '' }).text, 'No more changes are accepted.');
  });

  test('error: retry offered', () => {
    assert.deepEqual(show({ state: 'error', retryAt: 1 }), { text: 'Save failed, retrying', tone: 'error', retry: true });
  });
});
