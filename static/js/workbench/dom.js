// Tiny DOM helpers: build HTML and SVG elements without innerHTML or inline style attributes
// (the page's CSP forbids inline styles; CSSOM `el.style.setProperty` is allowed).

const SVGNS = 'http://www.w3.org/2000/svg';

function apply(el, attrs) {
  if (!attrs) return el;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') {
      el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : String(v));
    } else if (k === 'text') {
      el.textContent = String(v);
    } else if (k === 'html') {
      el.innerHTML = v; // only for server-rendered, sanitised HTML (prompt_html, spec_html …)
    } else if (k === 'dataset') {
      for (const [dk, dv] of Object.entries(v)) if (dv !== undefined && dv !== null) el.dataset[dk] = String(dv);
    } else if (k === 'style') {
      for (const [p, pv] of Object.entries(v)) el.style.setProperty(p, String(pv));
    } else if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  return el;
}

function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

/** An HTML element: h('button', {class: 'btn', onclick: f}, 'text', child…). */
export function h(tag, attrs, ...kids) {
  return append(apply(document.createElement(tag), attrs), kids);
}

/** An SVG element. */
export function s(tag, attrs, ...kids) {
  return append(apply(document.createElementNS(SVGNS, tag), attrs), kids);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** True when keystrokes belong to a text field (typing must not trigger shortcuts). */
export function isTyping(target) {
  if (!target || !(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target.getAttribute('type') || 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'reset'].includes(type);
  }
  return false;
}

export function clamp(x, lo, hi) {
  return Math.max(lo, Math.min(hi, x));
}

/** Rounds a coordinate to 0.1 image pixel. */
export function r1(x) {
  return Math.round(x * 10) / 10;
}

export function deepClone(x) {
  return x === undefined ? undefined : JSON.parse(JSON.stringify(x));
}

/** Label colours, by the label's position in the task's label list. */
export const PALETTE = ['#2f6fde', '#e8590c', '#2b8a3e', '#ae3ec9', '#0c8599', '#d6336c', '#b08900', '#5c7cfa', '#66a80f', '#868e96'];

export function labelColor(labels, label) {
  const i = labels.indexOf(label);
  return PALETTE[(i < 0 ? labels.length : i) % PALETTE.length];
}

/**
 * The display name of a label, attribute or attribute value key: `task.names[key]` (the page
 * resolves the bank's names and the glossary in the page's language), else the key itself. The
 * key stays what is stored and scored.
 */
export function nameOf(names, key) {
  const k = String(key);
  const n = names && typeof names === 'object' && Object.prototype.hasOwnProperty.call(names, k) ? names[k] : null;
  return typeof n === 'string' && n ? n : k;
}

/** A label's name as pickers show it: the display name, and the key in small type when it differs. */
export function labelName(names, key, cls = 'wb-label-name') {
  const name = nameOf(names, key);
  return h('span', { class: cls }, name, name !== String(key) ? h('small', { class: 'wb-key', text: String(key) }) : null);
}
