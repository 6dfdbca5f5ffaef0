// The admin at /quan-tri/: Decap CMS with what makes it write files the build accepts as they are.
//
// - the "giu-nguyen" format: front matter rewritten key by key, the rest of the file kept;
// - the "ngay-gio" widget: date and time in Vietnamese form (19/04/2023 08:30), stored with the
//   site's offset (2023-04-19T08:30:00+07:00) and never shifted by the browser's time zone;
// - slugs by the build's rule (đ→d), given to Decap through a hidden key before each save;
// - the preview pane with the site's own stylesheet and article markup.
// Everything site-specific comes from the JSON in index.html (generated from site.toml).
import * as YAML from "./yaml/index.js";
import { makeFrontMatterFormat, slugify } from "./frontmatter.js";
import { completed } from "./locale-vi.js";

const site = JSON.parse(document.getElementById("sitegen-admin").textContent);
const CMS = window.CMS;
const h = window.h;

CMS.registerLocale("vi", completed(CMS.getLocale("vi")));

// ---- categories: an article may name its category by name or slug; the select shows the slug.
const categoryByKey = new Map();
for (const category of site.categories) {
  categoryByKey.set(category.slug, category.slug);
  categoryByKey.set(foldTonePlacement(category.name), category.slug);
}

function foldTonePlacement(text) {
  // sitegen/text/vietnamese.py fold_tone_placement: "Thành uỷ" and "Thành ủy" give one key.
  return String(text).trim().normalize("NFC").replace(/[\p{L}\p{M}\p{N}_]+/gu, (word) => {
    const decomposed = word.normalize("NFD");
    const tones = decomposed.replace(/[^\u0300\u0301\u0303\u0309\u0323]/gu, "");
    return decomposed.replace(/[\u0300\u0301\u0303\u0309\u0323]/gu, "").normalize("NFC") + tones;
  }).toLowerCase();
}

function normalize(data) {
  const result = { ...data };
  if (typeof result.category === "string") {
    result.category = categoryByKey.get(foldTonePlacement(result.category)) ?? result.category;
  }
  if (typeof result.tags === "string") {  // "tags: a, b" is allowed by the build
    result.tags = result.tags.split(",").map((tag) => tag.trim()).filter(Boolean);
  }
  for (const key of ["date", "updated"]) {  // one form, so that the list sorts by date
    const moment = readMoment(result[key]);
    if (moment) result[key] = storedText(moment);
  }
  // Articles, pages and documents share content/: the articles collection lists those with a category.
  result.__kind = "category" in data ? "article" : "other";
  return result;
}

CMS.registerCustomFormat("giu-nguyen", "md", makeFrontMatterFormat(YAML, normalize));

// ---- slugs: Decap's own ("clean_accents") turns an NFD "ự" into "u-"; the build's rule is used.
CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    const data = entry.get("data");
    // A document of the register has a number, not a title: its folder is named after the number.
    // An address written by the editor (the build's "slug:") names the folder too.
    return data.set("__slug", data.get("slug") || slugify(data.get("title") || data.get("number")) || "bai-viet");
  },
});

// ---- file names: Decap names an upload by its slug options ("Ảnh hội nghị.JPG" → anh-hoi-nghi.jpg),
// which drop an accent only when it is composed (NFC). Names from macOS come decomposed (NFD): they
// are given to Decap composed, before its own handler sees them.
window.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files) return;
  const files = [...input.files];
  if (files.every((file) => file.name === file.name.normalize("NFC"))) return;
  const renamed = new DataTransfer();
  for (const file of files) {
    renamed.items.add(new File([file], file.name.normalize("NFC"), { type: file.type, lastModified: file.lastModified }));
  }
  input.files = renamed.files;
}, true);

// ---- date and time, Vietnamese form, the site's offset.
const VIETNAMESE_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2})[:h](\d{2}))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
const pad = (number) => String(number).padStart(2, "0");

function offsetMinutes(offset) {
  if (!offset || offset === "Z") return 0;
  const sign = offset[0] === "-" ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

// {day, month, year, hour, minute} as the site's clock shows it, or null.
function readMoment(value) {
  const text = String(value ?? "").trim();
  let match = VIETNAMESE_DATE.exec(text);
  if (match) {
    const [, day, month, year, hour = "0", minute = "0"] = match;
    return checked({ year: +year, month: +month, day: +day, hour: +hour, minute: +minute });
  }
  match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, year, month, day, hour = "0", minute = "0", , offset] = match;
  const moment = checked({ year: +year, month: +month, day: +day, hour: +hour, minute: +minute });
  if (!moment || offset === undefined || offsetMinutes(offset) === offsetMinutes(site.utcOffset)) return moment;
  // Written with another offset: shown at the site's clock, as the build publishes it.
  const utc = Date.UTC(moment.year, moment.month - 1, moment.day, moment.hour, moment.minute) - offsetMinutes(offset) * 60000;
  return fromSiteClock(utc);
}

function checked(moment) {
  const probe = new Date(Date.UTC(moment.year, moment.month - 1, moment.day, moment.hour, moment.minute));
  const valid = probe.getUTCFullYear() === moment.year && probe.getUTCMonth() === moment.month - 1
    && probe.getUTCDate() === moment.day && moment.hour < 24 && moment.minute < 60;
  return valid ? moment : null;
}

function fromSiteClock(utcMilliseconds) {
  const shifted = new Date(utcMilliseconds + offsetMinutes(site.utcOffset) * 60000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(),
           hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes() };
}

// A day alone (a document's dates) is written 2024-03-20 and shown 20/03/2024.
const vietnameseText = (m, dateOnly = false) => `${pad(m.day)}/${pad(m.month)}/${m.year}`
  + (dateOnly ? "" : ` ${pad(m.hour)}:${pad(m.minute)}`);
const storedText = (m, dateOnly = false) => `${m.year}-${pad(m.month)}-${pad(m.day)}`
  + (dateOnly ? "" : `T${pad(m.hour)}:${pad(m.minute)}:00${site.utcOffset}`);

const DateTimeControl = window.createClass({
  dateOnly() {
    return Boolean(this.props.field.get("date_only"));
  },
  getInitialState() {
    const moment = readMoment(this.props.value);
    return { text: moment ? vietnameseText(moment, this.dateOnly()) : String(this.props.value ?? "") };
  },
  componentDidMount() {
    if (!this.props.value && this.props.entry?.get("newRecord") && this.props.field.get("now_by_default", true)) {
      this.setNow();
    }
  },
  setNow() {
    const moment = fromSiteClock(Date.now());
    this.setState({ text: vietnameseText(moment, this.dateOnly()) });
    this.props.onChange(storedText(moment, this.dateOnly()));
  },
  onInput(event) {
    const text = event.target.value;
    this.setState({ text });
    const moment = readMoment(text);
    this.props.onChange(moment ? storedText(moment, this.dateOnly()) : text);
  },
  isValid() {
    const value = this.props.value;
    if (!value || readMoment(value)) return true;
    const example = this.dateOnly() ? "19/04/2023" : "19/04/2023 08:30";
    return { error: { message: `${this.props.field.get("label")}: chưa đúng dạng ngày. Viết như ${example}.` } };
  },
  render() {
    const { forID, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
    return h("div", { className: classNameWrapper, style: { display: "flex", gap: "0.5rem", alignItems: "center" } },
      h("input", {
        id: forID, type: "text", inputMode: "numeric", autoComplete: "off", value: this.state.text,
        placeholder: this.dateOnly() ? "19/04/2023" : "19/04/2023 08:30", onChange: this.onInput, onFocus: setActiveStyle, onBlur: setInactiveStyle,
        "aria-describedby": `${forID}-goi-y`, style: { flex: "1", border: "0", font: "inherit", background: "transparent" },
      }),
      h("span", { id: `${forID}-goi-y`, style: { color: "#555", fontSize: "0.85em" } },
        this.dateOnly() ? "ngày/tháng/năm" : `ngày/tháng/năm giờ:phút (giờ Việt Nam, UTC${site.utcOffset})`),
      h("button", { type: "button", onClick: this.setNow, style: { font: "inherit", padding: "0.25rem 0.75rem" } },
        this.dateOnly() ? "Hôm nay" : "Bây giờ"));
  },
});

const DateTimePreview = ({ value, field }) => {
  const moment = readMoment(value);
  return h("span", null, moment ? vietnameseText(moment, Boolean(field?.get("date_only"))) : String(value ?? ""));
};

CMS.registerWidget("ngay-gio", DateTimeControl, DateTimePreview);

// ---- preview: the site's stylesheet and the article's own markup (templates/article.html).
CMS.registerPreviewStyle(site.stylesheet);

function assetUrl(props, path) {
  if (!path) return "";
  const asset = props.getAsset(path);
  return asset ? asset.toString() : path;
}

function ArticlePreview(props) {
  const data = props.entry.get("data");
  const categorySlug = data.get("category");
  const category = site.categories.find((item) => item.slug === categorySlug);
  const moment = readMoment(data.get("date"));
  const tags = (data.get("tags")?.toJS?.() ?? []).filter(Boolean);
  const image = data.get("image");
  return h("main", { id: "noi-dung" }, h("div", { className: "container" }, h("article", { className: "article" },
    h("header", { className: "article-header" },
      category ? h("p", { className: "article-category" }, category.name) : null,
      h("h1", null, data.get("title") || "(Chưa có tiêu đề)"),
      moment ? h("p", { className: "meta" }, h("time", null, vietnameseText(moment))) : null),
    image ? h("figure", { className: "photo lead-photo" }, h("img", { src: assetUrl(props, image), alt: "" })) : null,
    h("div", { className: "article-body" }, props.widgetFor("body")),
    h("footer", { className: "article-footer" },
      data.get("author") ? h("p", { className: "byline" }, "Tác giả: ", h("strong", null, data.get("author"))) : null,
      tags.length ? h("p", { className: "tags" }, "Từ khóa: " + tags.join(", ")) : null))));
}

function PagePreview(props) {
  const data = props.entry.get("data");
  return h("main", { id: "noi-dung" }, h("div", { className: "container" }, h("article", { className: "page" },
    h("h1", null, data.get("title") || "(Chưa có tiêu đề)"),
    h("div", { className: "article-body" }, props.widgetFor("body")))));
}

function DocumentPreview(props) {
  const data = props.entry.get("data");
  const day = (key) => { const moment = readMoment(data.get(key)); return moment ? vietnameseText(moment, true) : ""; };
  const rows = [["Số ký hiệu", data.get("number")], ["Loại văn bản", data.get("type")],
                ["Cơ quan ban hành", data.get("issuer")], ["Ngày ban hành", day("issued")],
                ["Ngày có hiệu lực", day("effective")], ["Ngày hết hiệu lực", day("expires")],
                ["Người ký", data.getIn(["signer", "name"])], ["Tình trạng", data.get("status")]];
  return h("main", { id: "noi-dung" }, h("div", { className: "container" }, h("article", { className: "article" },
    h("header", { className: "article-header" }, h("h1", null, data.get("summary") || "(Chưa có trích yếu)")),
    h("dl", null, ...rows.filter(([, value]) => value).flatMap(([label, value]) => [h("dt", null, label), h("dd", null, value)])),
    h("div", { className: "article-body" }, props.widgetFor("body")))));
}

for (const name of site.articleCollections) CMS.registerPreviewTemplate(name, ArticlePreview);
for (const name of site.documentCollections) CMS.registerPreviewTemplate(name, DocumentPreview);
for (const name of site.pageCollections) CMS.registerPreviewTemplate(name, PagePreview);

CMS.init();
