// Messages: every visible string comes from the page's `wb-i18n` block (the `workbench.*`
// messages of locales/*.toml, in the page's language). Keys may be given with or without the
// `workbench.` prefix. Placeholders are written `{name}`, as in the server's catalogs.

let messages = {};
const warned = new Set();

export function setMessages(obj) {
  messages = {};
  for (const [k, v] of Object.entries(obj || {})) {
    messages[k.startsWith('workbench.') ? k.slice('workbench.'.length) : k] = String(v);
  }
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

export function t(key, args) {
  let msg = messages[key];
  if (msg === undefined) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn('workbench: missing message', key);
    }
    msg = key;
  }
  if (args) msg = msg.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
  return msg;
}

export function lang() {
  return document.documentElement.lang || 'zh-CN';
}

let timeZone = 'Asia/Shanghai';
export function setTimeZone(tz) {
  if (tz) timeZone = tz;
}

/** 10:42:31 in the configured time zone (Asia/Shanghai unless the page says otherwise). */
export function clockTime(ms) {
  try {
    return new Intl.DateTimeFormat(lang(), {
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone,
    }).format(new Date(ms));
  } catch {
    return new Date(ms).toLocaleTimeString();
  }
}

export function percent(x, digits = 1) {
  return new Intl.NumberFormat(lang(), { style: 'percent', maximumFractionDigits: digits }).format(x);
}

export function num(x, digits = 2) {
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: digits }).format(x);
}

/** 01:05 or 1:02:03 */
export function duration(sec) {
  sec = Math.max(0, Math.floor(sec));
  const hh = Math.floor(sec / 3600), mm = Math.floor((sec % 3600) / 60), ss = sec % 60;
  const p = (n) => String(n).padStart(2, '0');
  return hh ? `${hh}:${p(mm)}:${p(ss)}` : `${p(mm)}:${p(ss)}`;
}
