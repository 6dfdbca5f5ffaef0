// Markdown with YAML front matter that keeps the file's own text.
//
// Decap CMS re-serialises the whole front matter on every save (key order,
// quoting, line folding): an article opened and saved unchanged would change.
// This format remembers the text it read (under a hidden key of the entry's
// data), and on save writes that text back, replacing only the keys whose
// value changed, each on its own line(s): an unchanged entry stays byte for
// byte what it was, and a change to one field changes only that field's line.
//
// YAML is read as the build reads it (YAML 1.1 as PyYAML, dates kept as text)
// with the `yaml` library (eemeli/yaml), passed in so that the browser and the
// tests (Node) run the same code.

export const ORIGINAL_KEY = "__original";  // the file's text as read; never written
const HIDDEN_PREFIX = "__";                 // data keys that exist only in the editor

const DELIMITER = /^\ufeff?-{3,}[ \t]*\r?\n?$/;
const PLAIN_IN_FLOW = /^[\p{L}\p{N}][\p{L}\p{N} .–-]*$/u;

export function makeFrontMatterFormat(YAML, normalize = (data) => data) {
  const schema = {
    version: "1.1",
    // The build's loader has no timestamp type: "2023-04-19" stays text, the build reads the date.
    customTags: (tags) => tags.filter((tag) => tag.tag !== "tag:yaml.org,2002:timestamp"),
  };
  const readOptions = {
    ...schema,
    maxAliasCount: 0,  // the build refuses aliases too
    uniqueKeys: true,
  };

  function parse(text) {
    const parts = splitFile(text);
    const document = YAML.parseDocument(parts.front, readOptions);
    if (document.errors.length) {
      throw new Error(`Phần đầu bài viết sai cú pháp YAML: ${document.errors[0].message}`);
    }
    const value = document.toJS() ?? {};
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error("Phần đầu bài phải là các dòng \"khóa: giá trị\".");
    }
    return { parts, document, data: normalize(value) };
  }

  function fromFile(text) {
    const { parts, data } = parse(text);
    return { ...data, body: parts.body, [ORIGINAL_KEY]: text };
  }

  function toFile(entryData, sortedKeys = []) {
    const data = {};
    for (const [key, value] of Object.entries(entryData)) {
      if (!key.startsWith(HIDDEN_PREFIX) && key !== "body") data[key] = value;
    }
    const body = entryData.body ?? "";
    const original = entryData[ORIGINAL_KEY];
    if (typeof original !== "string") return newFile(data, body, sortedKeys);
    const { parts, document, data: before } = parse(original);
    const front = spliceFront(parts.front, document, before, data, sortedKeys);
    if (front === parts.front && body === parts.body) return original;
    if (body === parts.body) return parts.opening + front + parts.closing + parts.separator + parts.body;
    return parts.opening + front + withNewline(parts.closing) + (parts.separator || "\n") + withNewline(body);
  }

  function newFile(data, body, sortedKeys) {
    const lines = orderedKeys(data, sortedKeys)
      .filter((key) => !isEmpty(data[key]) && data[key] !== false)
      .map((key) => pairText(key, data[key], null));
    return "---\n" + lines.join("") + "---\n\n" + withNewline(body);
  }

  // The front matter text with changed keys re-written, removed keys dropped, new keys added
  // after the key that precedes them in the collection's field order.
  function spliceFront(front, document, before, data, sortedKeys) {
    const items = document.contents && YAML.isMap(document.contents) ? document.contents.items : [];
    const spans = items.map((pair, index) => {
      const start = lineStart(front, pair.key.range[0]);
      const next = index + 1 < items.length ? lineStart(front, items[index + 1].key.range[0]) : front.length;
      const tailStart = start + trailingNotesStart(front.slice(start, next));
      return { key: String(pair.key.value ?? pair.key), pair, start, end: tailStart, next };
    });
    const present = new Set(spans.map((span) => span.key));
    const additions = new Map();  // key present in the file → new keys to write after it ("" → at the top)
    let anchor = "";
    for (const key of orderedKeys(data, sortedKeys)) {
      if (present.has(key)) {
        anchor = key;
      } else if (!isEmpty(data[key]) && data[key] !== false) {
        additions.set(anchor, [...(additions.get(anchor) ?? []), key]);
      }
    }
    const added = (anchorKey) => (additions.get(anchorKey) ?? []).map((key) => pairText(key, data[key], null)).join("");
    let out = front.slice(0, spans.length ? spans[0].start : front.length);
    out += added("");
    for (const span of spans) {
      const newValue = data[span.key];
      const unchanged = sameValue(newValue, before[span.key]);
      if (unchanged) {
        out += front.slice(span.start, span.end);
      } else if (!isEmpty(newValue)) {
        out += pairText(span.key, newValue, span.pair.value);
      }
      out += added(span.key) + front.slice(span.end, span.next);
    }
    return out;
  }

  // "key: value\n" as YAML, in the style of the value it replaces (quotes, [a, b] lists).
  function pairText(key, value, previous) {
    const document = new YAML.Document({ [key]: value }, schema);
    const node = document.contents.items[0].value;
    if (previous && YAML.isScalar(previous) && YAML.isScalar(node) && typeof value === "string"
        && (previous.type === "QUOTE_DOUBLE" || previous.type === "QUOTE_SINGLE")) {
      node.type = previous.type;
    }
    if (YAML.isSeq(node) && (!previous || (YAML.isSeq(previous) && previous.flow))
        && value.every((item) => typeof item !== "object" || item === null)) {
      node.flow = true;  // tags: [a, b] on one line, as editors write them
      for (const item of node.items) {
        // Inside [ ] PyYAML (the build) reads fewer plain words than YAML 1.2 does ("No? bài"): quoted.
        if (YAML.isScalar(item) && typeof item.value === "string" && !PLAIN_IN_FLOW.test(item.value)) {
          item.type = "QUOTE_DOUBLE";
        }
      }
    }
    return document.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, flowCollectionPadding: false });
  }

  return { fromFile, toFile };
}

// The file cut into opening "---" line, front matter text, closing "---" line, blank
// line(s) after it, and the body; joined again they give the text back exactly.
export function splitFile(text) {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (!lines.length || !DELIMITER.test(lines[0])) {
    return { opening: "---\n", front: "", closing: "---\n", separator: "\n", body: text };
  }
  const close = lines.findIndex((line, index) => index > 0 && DELIMITER.test(line));
  if (close < 0) throw new Error("Phần đầu bài không có dòng --- đóng lại.");
  const rest = lines.slice(close + 1).join("");
  const separator = rest.match(/^(?:\r?\n)*/)[0];
  return {
    opening: lines[0],
    front: lines.slice(1, close).join(""),
    closing: lines[close],
    separator,
    body: rest.slice(separator.length),
  };
}

function orderedKeys(data, sortedKeys) {
  const known = sortedKeys.filter((key) => key in data);
  return [...known, ...Object.keys(data).filter((key) => !known.includes(key)).sort()];
}

function lineStart(text, offset) {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

// Where the blank and comment-only lines at the end of one key's text begin.
function trailingNotesStart(text) {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let end = text.length;
  for (let index = lines.length - 1; index > 0; index -= 1) {
    if (!/^\s*(#.*)?\r?\n?$/.test(lines[index])) break;
    end -= lines[index].length;
  }
  return end;
}

function withNewline(text) {
  return text.endsWith("\n") || text === "" ? text : text + "\n";
}

export function isEmpty(value) {
  return value === undefined || value === null || value === ""
    || (Array.isArray(value) && value.length === 0);
}

function sameValue(a, b) {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

// The build's slug rule (sitegen/text/vietnamese.py slugify): đ→d, accents dropped, lower case,
// anything else a hyphen. Decap's own slugs keep NFD accents as hyphens: "Ngự" → "ngu-".
export function slugify(text) {
  return String(text ?? "").normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D")
    .normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
