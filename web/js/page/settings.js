/**
 * @fileoverview The settings table on the page. `generated/settings.json` is exported from
 * py_core/settings.py; this file loads it, builds a control for every setting the page shows,
 * and parses values exactly as Python's `Setting.parse` does — the same patterns, rule and
 * message template — whether they come from a control or from the URL. No setting's name,
 * range or wording is written here.
 */

/** Python's str.strip() strips exactly these (str.isspace); JS trim() has a slightly different set. */
const PY_SPACE = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "g");

/** The table: {integerPattern, numberPattern, message, rawLimit, settings: [...], byName}. `signal` aborts the fetch. */
export async function loadTable(url, signal) {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const table = await response.json();
  table.byName = Object.fromEntries(table.settings.map((s) => [s.name, s]));
  table.integer = new RegExp(table.integerPattern);
  table.number = new RegExp(table.numberPattern);
  return table;
}

/** The settings the page shows (the table's `where` says "page"), in table order. */
export const pageSettings = (table) => table.settings.filter((s) => s.where.includes("page"));

/** The defaults of the page's settings, by name. */
export const defaults = (table) => Object.fromEntries(pageSettings(table).map((s) => [s.name, s.default]));

/** Python's Setting.refuse: the message with the value cut to rawLimit characters. */
export function refusal(table, setting, value) {
  let raw = String(value);
  const chars = Array.from(raw); // code points, as Python counts them
  if (chars.length > table.rawLimit) raw = chars.slice(0, table.rawLimit - 1).join("") + "…";
  const parts = { label: setting.label, rule: setting.rule, raw };
  return table.message.replace(/\{(\w+)\}/g, (whole, key) => (key in parts ? parts[key] : whole));
}

/** Python's Setting.parse for text: {value} or {message}. */
export function parse(table, setting, text) {
  const refused = { message: refusal(table, setting, text) };
  const stripped = String(text).replace(STRIP, "");
  if (setting.kind === "choice") {
    const choice = stripped.toLowerCase();
    return setting.choices.includes(choice) ? { value: choice } : refused;
  }
  const pattern = setting.kind === "int" ? table.integer : table.number;
  if (!pattern.test(stripped)) return refused;
  const number = Number(stripped);
  if (!Number.isFinite(number) || number < setting.min || number > setting.max) return refused;
  return { value: number };
}

/** A value as text for a control or the URL (numbers as JS writes them: 0.1, 64, 0.0001). */
export const format = (value) => String(value);

/**
 * The page settings in a query string: {values, errors}. A bad value gets its message and the
 * default; a missing one the default.
 */
export function readQuery(table, search) {
  const params = new URLSearchParams(search);
  const values = defaults(table);
  const errors = {};
  for (const setting of pageSettings(table)) {
    if (!params.has(setting.name)) continue;
    const parsed = parse(table, setting, params.get(setting.name));
    if ("value" in parsed) values[setting.name] = parsed.value;
    else errors[setting.name] = parsed.message;
  }
  return { values, errors };
}

/** `search` with the page settings rewritten: non-default values only, other parameters kept. */
export function writeQuery(table, values, search) {
  const params = new URLSearchParams(search);
  for (const setting of pageSettings(table)) {
    const value = values[setting.name];
    if (value === undefined || value === setting.default) params.delete(setting.name);
    else params.set(setting.name, format(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * A labelled control for one setting: a text field for numbers (so the reader's own text can be
 * quoted back in a message), a select for choices. `data-testid` is the setting's name.
 */
export function buildControl(setting) {
  const field = document.createElement("div");
  field.className = "field";
  field.dataset.setting = setting.name;
  const id = `setting-${setting.name}`;

  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = setting.label;

  let input;
  if (setting.kind === "choice") {
    input = document.createElement("select");
    for (const choice of setting.choices) input.add(new Option(choice, choice));
  } else {
    input = document.createElement("input");
    input.type = "text";
    input.inputMode = setting.kind === "int" ? "numeric" : "decimal";
    input.autocomplete = "off";
    input.spellcheck = false;
  }
  input.id = id;
  input.name = setting.name;
  input.dataset.testid = setting.name;
  input.setAttribute("aria-describedby", `${id}-help`);

  const help = document.createElement("p");
  help.className = "help";
  help.id = `${id}-help`;
  help.textContent = setting.help;
  help.title = `${setting.label}: ${setting.rule}.`;

  field.append(label, input, help);
  return { field, input };
}
