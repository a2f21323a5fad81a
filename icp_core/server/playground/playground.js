// The playground page: edit a filing, check it, ask about a change or a transfer.
// Plain DOM, no framework and nothing loaded from elsewhere: every request goes to this service.
"use strict";

const LABELS = {
  en: {
    title: "icp-filing playground", example: "Example", choose: "choose an example…", language: "Language",
    filing: "Filing", on: "Evaluate on", check: "Check", change: "Change request", ask_change: "Ask about this change",
    transfer: "Transfer request", ask_transfer: "Ask about this transfer",
    transfer_help: "The filing on record at the previous provider (YAML or JSON), and the documents you can provide.",
    hint: "Choose an example or write a filing, then press Check.", findings: "Findings", no_findings: "No findings.",
    documents: "Documents to upload", notes: "Notes", missing: "Missing information", failures: "Plugin failures",
    reasons: "Reasons", conditions: "Conditions", decided_by: "decided by", errors: "The input cannot be read",
    at: "line {line}, column {column}", provided: "provided", not_provided: "not provided", met: "met",
    unmet: "not met", unknown: "unknown", yes: "yes", no: "no", documents_field: "documents (comma-separated keys)",
    working: "Working…", network: "The service did not answer", citation: "guide §", plugins: "Plugins",
    to: "what the filing becomes", new_name: "new name", new_certificate_number: "new certificate number",
  },
  zh: {
    title: "ICP 备案检查演练场", example: "示例", choose: "选择一个示例…", language: "语言",
    filing: "备案信息", on: "评估日期", check: "检查", change: "变更申请", ask_change: "查询此项变更",
    transfer: "转入申请", ask_transfer: "查询此项转入",
    transfer_help: "原接入商处的在案备案信息（YAML 或 JSON），以及可提供的材料。",
    hint: "选择一个示例或填写备案信息，然后点击“检查”。", findings: "检查结果", no_findings: "没有问题。",
    documents: "需上传的材料", notes: "说明", missing: "缺少的信息", failures: "插件运行失败",
    reasons: "理由", conditions: "条件", decided_by: "决定方", errors: "输入无法读取",
    at: "第 {line} 行第 {column} 列", provided: "已提供", not_provided: "未提供", met: "已满足",
    unmet: "未满足", unknown: "未知", yes: "是", no: "否", documents_field: "材料（键名，以逗号分隔）",
    working: "处理中…", network: "服务没有应答", citation: "指南 §", plugins: "插件",
    to: "变更为", new_name: "新名称", new_certificate_number: "新证件号码",
  },
};
const TRANSFER_TEMPLATE = "original:\n  subject_type: enterprise\n  subject_name: \ndocuments: []\n";

const $ = (id) => document.getElementById(id);
const state = { lang: "en", last: null, changeSchema: null };
const requirements = JSON.parse($("change-requirements").textContent);

function t(key) { return LABELS[state.lang][key] ?? LABELS.en[key] ?? key; }

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value; else if (name === "onclick") node.onclick = value;
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== "") node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// ---------------------------------------------------------------- the editors and their gutters

function gutter(textarea, gutterNode, errorLines = new Set()) {
  const count = textarea.value.split("\n").length;
  gutterNode.replaceChildren(...Array.from({ length: count }, (_, i) =>
    el("span", errorLines.has(i + 1) ? { class: "error", "data-line": i + 1 } : {}, i + 1)));
  gutterNode.scrollTop = textarea.scrollTop;
}

const editors = {
  filing: { text: $("filing"), gutter: $("gutter") },
  transfer: { text: $("transfer-text"), gutter: $("transfer-gutter") },
};
for (const editor of Object.values(editors)) {
  editor.text.addEventListener("input", () => { gutter(editor.text, editor.gutter); showFormat(); });
  editor.text.addEventListener("scroll", () => { editor.gutter.scrollTop = editor.text.scrollTop; });
}

function showFormat() { $("format").textContent = /^\s*\{/.test($("filing").value) ? "JSON" : "YAML"; }

function goTo(where) {
  const editor = editors[where.editor];
  const lines = editor.text.value.split("\n");
  const start = lines.slice(0, where.line - 1).reduce((sum, line) => sum + line.length + 1, 0);
  const end = start + (lines[where.line - 1] ?? "").length;
  editor.text.focus();
  editor.text.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(editor.text).lineHeight) || 19;
  editor.text.scrollTop = Math.max(0, (where.line - 5) * lineHeight);
}

// ---------------------------------------------------------------- requests

const indent = (text) => text.replace(/\n+$/, "").split("\n").map((line) => "  " + line).join("\n") + "\n";
const lineCount = (text) => text.replace(/\n+$/, "").split("\n").length;

// Every body is sent as YAML (JSON is YAML too), so every error comes back with its line.
// A change or transfer wraps the texts under `filing:` and `transfer:`, indented by two:
// `place` maps a line of the body back to the editor and line it came from.
function build(kind) {
  const filing = $("filing").value;
  if (kind === "check") {
    return { path: "/v1/check", body: filing, place: (line, column) => ({ editor: "filing", line, column }) };
  }
  const filingLines = lineCount(filing);
  const inFiling = (line, column) => (line >= 2 && line <= filingLines + 1
    ? { editor: "filing", line: line - 1, column: Math.max(1, column - 2) } : null);
  if (kind === "change") {
    return { path: "/v1/change", body: "filing:\n" + indent(filing) + "change: " + JSON.stringify(changeRequest()) + "\n",
             place: inFiling };
  }
  const transfer = $("transfer-text").value;
  const first = filingLines + 3;  // filing:, the filing, transfer:
  return {
    path: "/v1/transfer", body: "filing:\n" + indent(filing) + "transfer:\n" + indent(transfer),
    place: (line, column) => inFiling(line, column)
      ?? (line >= first ? { editor: "transfer", line: line - first + 1, column: Math.max(1, column - 2) } : null),
  };
}

async function ask(kind) {
  state.last = kind;
  const request = build(kind);
  const on = $("on").value;
  const buttons = document.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  $("output").replaceChildren(el("p", { class: "muted" }, t("working")));
  try {
    const response = await fetch(request.path + (on ? "?on=" + encodeURIComponent(on) : ""), {
      method: "POST", body: request.body,
      headers: { "Content-Type": "application/yaml; charset=utf-8", "Accept-Language": state.lang },
    });
    const answer = await response.json();
    render(response.status, answer, request.place);
  } catch (error) {
    $("output").replaceChildren(el("p", { class: "verdict error" }, t("network")), el("p", {}, String(error)));
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---------------------------------------------------------------- answers

function meta(item) {
  return el("div", { class: "meta" }, [item.rule_id, item.field, item.citation && t("citation") + item.citation,
    item.plugin].filter(Boolean).join(" · "));
}

function section(title, items, draw) {
  if (!items || items.length === 0) return null;
  return [el("h2", {}, `${title} (${items.length})`), el("ul", { class: "items" }, items.map(draw))];
}

function render(status, answer, place) {
  for (const editor of Object.values(editors)) gutter(editor.text, editor.gutter);
  const out = [];
  if (answer.verdict) {
    out.push(el("p", {}, el("span", { class: `verdict ${answer.verdict}`, id: "verdict" }, answer.verdict),
      " ", el("span", { class: "meta" }, `${answer.province} · ${answer.evaluated_on}`)));
    out.push(section(t("findings"), answer.findings, (f) => el("li", { class: `finding ${f.status} ${f.severity}` },
      el("div", {}, `[${f.severity}] `, f.message), meta(f),
      f.missing && f.missing.length ? el("div", { class: "meta" }, t("missing") + ": " + f.missing.join(", ")) : null))
      ?? el("p", { class: "muted" }, t("no_findings")));
    out.push(section(t("missing"), answer.missing, (m) => el("li", { class: "missing" },
      typeof m === "string" ? m : JSON.stringify(m))));
    out.push(section(t("documents"), answer.documents, (d) => el("li", {
      class: `document ${d.provided === false ? "missing" : "provided"}` },
    el("div", {}, el("strong", {}, d.name || d.document), " — ", d.reason),
    el("div", { class: "meta" }, [d.document, d.provided === false ? t("not_provided") : t("provided")].join(" · ")),
    meta(d))));
  } else if (answer.outcome !== undefined || answer.request) {
    out.push(el("p", {}, el("span", { class: `verdict ${answer.outcome}`, id: "verdict" }, answer.outcome),
      " ", el("span", { class: "meta" }, `${answer.request} · ${answer.province} · ${t("decided_by")} ${answer.decided_by ?? "–"}`)));
    out.push(section(t("reasons"), answer.reasons, (r) => el("li", { class: "reason" }, el("div", {}, r.message), meta(r))));
    out.push(section(t("conditions"), answer.conditions, (c) => el("li", {
      class: `condition ${c.met === true ? "met" : c.met === false ? "unmet" : ""}` },
    el("div", {}, c.message), el("div", { class: "meta" }, [c.document,
      c.met === true ? t("met") : c.met === false ? t("unmet") : t("unknown")].filter(Boolean).join(" · ")), meta(c))));
    out.push(section(t("missing"), answer.missing, (m) => el("li", { class: "missing" },
      typeof m === "string" ? m : JSON.stringify(m))));
  } else {
    out.push(...renderError(status, answer, place));
  }
  const failures = answer.failures ?? answer.report?.failures;
  out.push(section(t("failures"), failures, (f) => el("li", { class: "error" }, `${f.plugin} (${f.hook}): ${f.error}`)));
  const notes = section(t("notes"), answer.notes, (n) => el("li", { class: "note" },
    el("div", {}, n.message), n.reason ? el("div", { class: "muted" }, n.reason) : null, meta(n)));
  if (notes) out.push(el("details", { class: "notes" }, el("summary", {}, notes[0].textContent), notes[1]));
  $("output").replaceChildren(...out.flat().filter(Boolean));
}

function renderError(status, answer, place) {
  const errors = answer.errors ?? [{ path: answer.path ?? "", code: answer.code ?? answer.error,
    message: answer.message, line: answer.line, column: answer.column }];
  const marked = { filing: new Set(), transfer: new Set() };
  const items = errors.map((e) => {
    const where = e.line ? place(e.line, e.column ?? 1) : null;
    if (where) marked[where.editor].add(where.line);
    const at = where ? t("at").replace("{line}", where.line).replace("{column}", where.column) : "";
    return el("li", { class: `error ${where ? "located" : ""}`, onclick: where ? () => goTo(where) : null },
      el("div", {}, e.message), el("div", { class: "meta" }, [at, e.path, e.code].filter(Boolean).join(" · ")));
  });
  for (const [name, lines] of Object.entries(marked)) gutter(editors[name].text, editors[name].gutter, lines);
  const first = errors.map((e) => (e.line ? place(e.line, e.column ?? 1) : null)).find(Boolean);
  if (first) setTimeout(() => goTo(first), 0);
  return [el("p", {}, el("span", { class: `verdict ${answer.error}`, id: "verdict" }, `${status} ${answer.error}`)),
    el("h2", {}, t("errors")), el("ul", { class: "items", id: "errors" }, items)];
}

// ---------------------------------------------------------------- the change form, from the change schema

function changeRequest() {
  const request = {};
  for (const input of $("change-form").querySelectorAll("[name]")) {
    const value = input.value.trim();
    if (value === "") continue;
    if (input.dataset.kind === "boolean") request[input.name] = value === "true";
    else if (input.dataset.kind === "array") request[input.name] = value.split(/[,，\s]+/).filter(Boolean);
    else request[input.name] = value;
  }
  return request;
}

function drawChangeForm() {
  const schema = state.changeSchema;
  if (!schema) return;
  const kept = changeRequest();
  const properties = schema.$defs.ChangeRequest.properties;
  const rows = [];
  for (const [name, property] of Object.entries(properties)) {
    const target = property.$ref ? schema.$defs[property.$ref.split("/").pop()] : null;
    const types = (property.anyOf ?? [property]).map((p) => p.type);
    let input;
    if (target?.enum) {
      input = el("select", { name }, target.enum.map((v) => el("option", { value: v }, v)));
    } else if (types.includes("boolean")) {
      input = el("select", { name, "data-kind": "boolean" }, el("option", { value: "" }, t("unknown")),
        el("option", { value: "true" }, t("yes")), el("option", { value: "false" }, t("no")));
    } else {
      input = el("input", { name, type: "text", "data-kind": types.includes("array") ? "array" : "string" });
    }
    if (kept[name] !== undefined) input.value = Array.isArray(kept[name]) ? kept[name].join(", ") : String(kept[name]);
    const label = requirements[name]?.[state.lang] ?? (name === "documents" ? t("documents_field") : t(name));
    rows.push(el("label", { for: `change-${name}`, title: property.description ?? "" }, label));
    input.id = `change-${name}`;
    rows.push(input);
  }
  $("change-form").replaceChildren(...rows);
}

// ---------------------------------------------------------------- language and examples

function setLanguage(lang) {
  state.lang = lang;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-l10n]")) node.textContent = t(node.dataset.l10n);
  document.title = t("title");
  drawChangeForm();
  if (state.last) ask(state.last);  // the answer again, in the language chosen
}

async function loadExample(name) {
  if (!name) return;
  const response = await fetch("/v1/examples/" + encodeURIComponent(name));
  const text = await response.text();
  const option = $("example").selectedOptions[0];
  if (option?.dataset.kind === "transfer") {
    $("transfer-text").value = text;
    $("transfer-panel").open = true;
    gutter($("transfer-text"), $("transfer-gutter"));
    return;
  }
  $("filing").value = text;
  $("example-title").textContent = option?.title ?? "";
  gutter($("filing"), $("gutter"));
  showFormat();
}

async function start() {
  $("lang").value = state.lang;
  $("lang").addEventListener("change", (event) => setLanguage(event.target.value));
  $("example").addEventListener("change", (event) => loadExample(event.target.value));
  $("check").addEventListener("click", () => ask("check"));
  $("change").addEventListener("click", () => ask("change"));
  $("transfer").addEventListener("click", () => ask("transfer"));
  $("transfer-text").value = TRANSFER_TEMPLATE;
  for (const editor of Object.values(editors)) gutter(editor.text, editor.gutter);
  const [examples, changeSchema] = await Promise.all([
    fetch("/v1/examples").then((r) => r.json()), fetch("/v1/schema/change").then((r) => r.json())]);
  state.changeSchema = changeSchema;
  drawChangeForm();
  for (const example of examples.examples) {
    $("example").append(el("option", { value: example.name, title: example.title, "data-kind": example.kind },
      example.kind === "transfer" ? `${example.name} (transfer)` : example.name));
  }
  document.body.dataset.ready = "true";
}

start();
