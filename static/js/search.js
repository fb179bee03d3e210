/* gongkai search: the reader's search engine and the search page.
 *
 * It reads the static index under search/ (see internal/search/static):
 * every file is a classic script that calls gongkaiSearch.load(id, data),
 * loaded by inserting a <script> element, so it works from file://, on any
 * host and under any path prefix. No fetch, no modules, no workers.
 *
 * The terms are those of internal/search/analysis (bleve's CJK analysis):
 * analyze() below is a line-for-line port, held to the Go code by tests.
 */
(function () {
  "use strict";

  // ---- Analysis (port of internal/search/analysis) ----

  var WORD = 0, UNIGRAM = 1, BIGRAM = 2;
  var reIdeo = /[\p{Ideographic}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  var reLetter = /\p{L}/u, reDigit = /\p{Nd}/u;
  var OTHER = 0, ALETTER = 1, NUMERIC = 2, EXTENDNUMLET = 3, MIDLETTER = 4, MIDNUM = 5, MIDNUMLET = 6;
  var midLetter = [0x00B7, 0x0387, 0x05F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A];
  var midNum = [0x037E, 0x0589, 0x060C, 0x060D, 0x066C, 0x07F8, 0x2044, 0xFE10, 0xFE14, 0xFE50, 0xFE54, 0xFF0C, 0xFF1B];
  var midNumLet = [0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E];
  var extendNumLet = [0x203F, 0x2040, 0x2054, 0xFE33, 0xFE34, 0xFE4D, 0xFE4E, 0xFE4F, 0xFF3F];

  function isIdeo(cp) {
    return cp >= 0x3000 && reIdeo.test(String.fromCodePoint(cp));
  }

  function charClass(cp) {
    if (cp < 0x80) {
      if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) return ALETTER;
      if (cp >= 48 && cp <= 57) return NUMERIC;
      if (cp === 95) return EXTENDNUMLET;
      if (cp === 58) return MIDLETTER;
      if (cp === 44 || cp === 59) return MIDNUM;
      if (cp === 46 || cp === 39) return MIDNUMLET;
      return OTHER;
    }
    if (isIdeo(cp) || (cp >= 0xFF10 && cp <= 0xFF19)) return OTHER;
    var s = String.fromCodePoint(cp);
    if (reDigit.test(s)) return NUMERIC;
    if (reLetter.test(s)) return ALETTER;
    if (midLetter.indexOf(cp) >= 0) return MIDLETTER;
    if (midNum.indexOf(cp) >= 0) return MIDNUM;
    if (midNumLet.indexOf(cp) >= 0) return MIDNUMLET;
    if (extendNumLet.indexOf(cp) >= 0) return EXTENDNUMLET;
    return OTHER;
  }

  function foldChar(cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp < 0x80) return String.fromCharCode(cp >= 65 && cp <= 90 ? cp + 32 : cp);
    var s = String.fromCodePoint(cp), l = s.toLowerCase();
    return Array.from(l).length === 1 ? l : s;
  }

  function fold(s) {
    var out = "";
    for (var ch of s) out += foldChar(ch.codePointAt(0));
    return out;
  }

  function cpAt(text, i) {
    var cp = text.codePointAt(i);
    return [cp, cp > 0xFFFF ? 2 : 1];
  }

  function wordEnd(text, i) {
    var r = cpAt(text, i), last = charClass(r[0]), j = i + r[1];
    while (j < text.length) {
      var a = cpAt(text, j);
      if (isIdeo(a[0])) break;
      var c = charClass(a[0]);
      if (c === ALETTER || c === NUMERIC || c === EXTENDNUMLET) {
        last = c;
        j += a[1];
        continue;
      }
      if (c === MIDLETTER || c === MIDNUM || c === MIDNUMLET) {
        if (j + a[1] >= text.length) return j;
        var b = cpAt(text, j + a[1]);
        if (isIdeo(b[0])) return j;
        var c2 = charClass(b[0]);
        var letters = last === ALETTER && c2 === ALETTER && c !== MIDNUM;
        var digits = last === NUMERIC && c2 === NUMERIC && c !== MIDLETTER;
        if (letters || digits) {
          last = c2;
          j += a[1] + b[1];
          continue;
        }
      }
      break;
    }
    return j;
  }

  // analyze returns the tokens of text: {term, kind, pos, start, end, edge},
  // with start and end in UTF-16 code units.
  function analyze(text) {
    var out = [], pos = 1, ps = -1, pe = -1, pEdge = false, wEnd = -1, i = 0;
    function flush(next) {
      if (ps >= 0) {
        out.push({ term: text.slice(ps, pe), kind: UNIGRAM, pos: pos, start: ps, end: pe, edge: pEdge || next === pe });
        pos++;
        ps = pe = -1;
      }
    }
    while (i < text.length) {
      var r = cpAt(text, i), cp = r[0], n = r[1];
      if (isIdeo(cp)) {
        if (ps >= 0 && pe !== i) flush(-1);
        if (ps >= 0) {
          out.push({ term: text.slice(ps, pe), kind: UNIGRAM, pos: pos, start: ps, end: pe, edge: pEdge });
          out.push({ term: text.slice(ps, i + n), kind: BIGRAM, pos: pos, start: ps, end: i + n, edge: false });
          pos++;
          pEdge = false;
        } else {
          pEdge = wEnd === i;
        }
        ps = i;
        pe = i + n;
        i += n;
        continue;
      }
      var c = charClass(cp);
      if (c !== ALETTER && c !== NUMERIC && c !== EXTENDNUMLET) {
        i += n;
        continue;
      }
      var end = wordEnd(text, i);
      flush(i);
      out.push({ term: fold(text.slice(i, end)), kind: WORD, pos: pos, start: i, end: end, edge: false });
      pos++;
      wEnd = end;
      i = end;
    }
    flush(-1);
    return out;
  }

  // key is the form of an index or document number that exact lookups use
  // (internal/search.Key).
  function key(s) {
    s = s.trim().replace(/[\[【(（〔]\s*(\d{4})\s*[\]】)）〕]/g, "〔$1〕");
    var out = "";
    for (var ch of s) {
      var cp = ch.codePointAt(0);
      if (cp === 32 || cp === 0x3000 || cp === 9) continue;
      if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
      out += String.fromCodePoint(cp);
    }
    return out.toLowerCase();
  }

  function fnv32a(s) {
    var bytes = new TextEncoder().encode(s), h = 2166136261;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h >>> 0;
  }

  // ---- Loading the index ----

  var got = {}, loading = {};
  var entryURL = null, entry = null;

  function loadScript(id, url) {
    if (loading[id]) return loading[id];
    loading[id] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = function () {
        if (id in got) resolve(got[id]);
        else reject(new Error("search index file did not load: " + url));
      };
      s.onerror = function () {
        delete loading[id];
        reject(new Error("search index file is missing: " + url));
      };
      document.head.appendChild(s);
    });
    return loading[id];
  }

  function file(name) {
    return new URL(name, entryURL).href;
  }

  // openIndex loads the entry and starts loading the filter table, which a
  // query waits for together with its term shards rather than before them:
  // one round trip fewer before results.
  var facets = null, facetsReady = null;
  function openIndex(indexURL) {
    entryURL = new URL(indexURL, document.baseURI).href;
    return loadScript("index", entryURL).then(function (e) {
      entry = e;
      loadFacets().catch(function () {}); // reported by the query that needs it
      return entry;
    });
  }

  function loadFacets() {
    facetsReady = facetsReady || loadScript("f", file("f." + entry.f + ".js")).then(function (f) {
      facets = prepareFacets(f);
      return facets;
    }, function (err) {
      facetsReady = null; // the next query tries again
      throw err;
    });
    return facetsReady;
  }

  function termShard(term) {
    var i = fnv32a(term) % entry.t.length;
    return loadScript("t" + i, file("t" + i + "." + entry.t[i] + ".js"));
  }

  function docShard(s) {
    return loadScript("d" + s, file("d" + s + "." + entry.d[s] + ".js"));
  }

  var DIG = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  function readColumn(s, w, n) {
    var out = new Array(n);
    for (var i = 0; i < n; i++) {
      var v = 0;
      for (var k = 0; k < w; k++) v = v * 64 + DIG.indexOf(s.charAt(i * w + k));
      out[i] = v;
    }
    return out;
  }

  function prepareFacets(f) {
    var n = entry.n;
    f.col = {};
    f.names.forEach(function (name) { f.col[name] = readColumn(f.cols[name], f.widths[name], n); });
    f.tlen = readColumn(f.tl, f.tlw, n);
    f.blen = readColumn(f.bl, f.blw, n).map(function (q) { return Math.pow(2, q / 5) - 1; });
    var st = 0, sb = 0;
    for (var i = 0; i < n; i++) { st += f.tlen[i]; sb += f.blen[i]; }
    f.avgT = Math.max(1, st / n);
    f.avgB = Math.max(1, sb / n);
    return f;
  }

  // ---- Postings ----

  var CONT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", LAST = "ghijklmnopqrstuvwxyz0123456789+/";
  var decodedCache = {};

  // decode turns a posting string into a Map doc → {tf: [title, body], pos: [[...], [...]]}.
  function decode(term, s) {
    if (decodedCache[term]) return decodedCache[term];
    var i = 0;
    function num() {
      var v = 0, mul = 1;
      for (;;) {
        var ch = s.charAt(i++), d = CONT.indexOf(ch);
        if (d >= 0) { v += d * mul; mul *= 32; continue; }
        return v + LAST.indexOf(ch) * mul;
      }
    }
    var uni = isUnigramTerm(term), m = new Map(), doc = 0;
    while (i < s.length) {
      doc += num();
      var h = num(), tf = [0, h >> 1];
      if (h & 1) tf[0] = num();
      var pos = [[], []];
      for (var f = 0; f < 2; f++) {
        if (!tf[f]) continue;
        var np = uni ? num() : tf[f], p = 0;
        for (var k = 0; k < np; k++) { p += num(); pos[f].push(p); }
      }
      m.set(doc, { tf: tf, pos: pos });
    }
    decodedCache[term] = m;
    return m;
  }

  function isUnigramTerm(t) {
    var a = Array.from(t);
    return a.length === 1 && isIdeo(a[0].codePointAt(0));
  }

  function decodeKey(s) {
    var out = [], i = 0, doc = 0;
    while (i < s.length) {
      var v = 0, mul = 1;
      for (;;) {
        var ch = s.charAt(i++), d = CONT.indexOf(ch);
        if (d >= 0) { v += d * mul; mul *= 32; continue; }
        v += LAST.indexOf(ch) * mul;
        break;
      }
      doc += v;
      out.push(doc);
    }
    return out;
  }

  // ---- Queries ----

  var FILTERS = ["kind", "topic", "genre", "issuer", "year", "validity"];

  // parse reads bleve's query-string syntax, as far as a reader needs it:
  // words and "phrases", +required (the default) and -excluded, title:word,
  // and filters written as kind:policy year:2024.
  function parse(q) {
    var clauses = [], filters = {}, re = /([+-]?)(?:([a-z_]+):)?(?:"([^"]*)"?|(\S+))/g, m;
    while ((m = re.exec(q))) {
      var neg = m[1] === "-", field = m[2] || "", phrase = m[3] !== undefined, text = phrase ? m[3] : m[4];
      if (field && FILTERS.indexOf(field) >= 0) {
        (filters[field] = filters[field] || []).push(text);
        continue;
      }
      if (field && field !== "title" && field !== "body") {
        text = field + ":" + text; // not a field: part of the text (a URL, 12:30)
        field = "";
      }
      var c = clause(text, phrase, neg, field);
      if (c) clauses.push(c);
    }
    return { clauses: clauses, filters: filters, key: key(q.replace(/^"|"$/g, "")) };
  }

  // clause is one word or phrase: the terms whose positions make it, each
  // with its offset from the first.
  function clause(text, phrase, neg, field) {
    var toks = analyze(text);
    if (!toks.length) return null;
    var bi = {};
    toks.forEach(function (t) { if (t.kind === BIGRAM) bi[t.pos] = true; });
    var terms = [], seen = {};
    toks.forEach(function (t) {
      if (t.kind === UNIGRAM && (bi[t.pos] || bi[t.pos - 1])) return;
      var k = t.term + "@" + t.pos;
      if (seen[k]) return;
      seen[k] = true;
      terms.push({ term: t.term, off: t.pos - toks[0].pos, span: t.kind === BIGRAM ? 2 : 1 });
    });
    var span = 0;
    terms.forEach(function (t) { span = Math.max(span, t.off + t.span); });
    return { text: text, terms: terms, phrase: phrase, neg: neg, field: field, span: span, needles: needles(toks, text) };
  }

  // needles are what to highlight for a clause: its runs of CJK text and
  // its words, folded.
  function needles(toks, text) {
    var out = [], runStart = -1, runEnd = -1;
    function endRun() {
      if (runStart >= 0) out.push(fold(text.slice(runStart, runEnd)));
      runStart = -1;
    }
    toks.forEach(function (t) {
      if (t.kind === WORD) { endRun(); out.push(t.term); return; }
      if (t.kind !== UNIGRAM) return;
      if (runStart >= 0 && t.start === runEnd) { runEnd = t.end; return; }
      endRun();
      runStart = t.start;
      runEnd = t.end;
    });
    endRun();
    return out;
  }

  // contiguous reports whether the clause's terms sit at their offsets in
  // field f of doc (each term's postings for doc in ps).
  function contiguous(c, ps, f) {
    if (c.terms.length === 1) return ps[0].tf[f] > 0;
    var first = ps[0].pos[f];
    outer: for (var i = 0; i < first.length; i++) {
      var base = first[i] - c.terms[0].off;
      for (var k = 1; k < c.terms.length; k++) {
        if (ps[k].pos[f].indexOf(base + c.terms[k].off) < 0) continue outer;
      }
      return true;
    }
    return false;
  }

  var K1 = 1.2, B = 0.75, TITLE_WEIGHT = 5;

  // search runs a parsed query: every document that has all the terms of
  // the positive clauses, none of an excluded one, ranked.
  function search(query) {
    var p = parse(query), need = {};
    p.clauses.forEach(function (c) { c.terms.forEach(function (t) { need[t.term] = true; }); });
    if (p.key) need["#" + p.key] = true;
    var names = Object.keys(need);
    return Promise.all([loadFacets()].concat(names.map(termShard))).then(function (all) {
      var shards = all.slice(1), post = {};
      names.forEach(function (t, i) { post[t] = shards[i][t]; });
      return rank(p, post);
    });
  }

  function rank(p, post) {
    var n = entry.n, f = facets, hits = null;
    var pos = p.clauses.filter(function (c) { return !c.neg; });
    var keyDocs = p.key && post["#" + p.key] ? decodeKey(post["#" + p.key]) : [];
    var keySet = new Set(keyDocs);
    // Candidates: documents with every term of every positive clause.
    pos.forEach(function (c) {
      c.lists = c.terms.map(function (t) { return post[t.term] ? decode(t.term, post[t.term]) : new Map(); });
      var smallest = c.lists.reduce(function (a, b) { return a.size <= b.size ? a : b; });
      var set = [];
      smallest.forEach(function (_, d) {
        if (hits && !hits.has(d)) return;
        for (var k = 0; k < c.lists.length; k++) if (!c.lists[k].has(d)) return;
        set.push(d);
      });
      hits = new Set(set);
    });
    if (!pos.length) hits = new Set();
    keyDocs.forEach(function (d) { hits.add(d); });
    var results = [];
    hits.forEach(function (d) {
      var r = { doc: d, key: keySet.has(d) ? 1 : 0, contig: 0, exact: 0, score: 0 };
      for (var ci = 0; ci < pos.length; ci++) {
        var c = pos[ci];
        if (!c.lists.every(function (l) { return l.has(d); })) { if (!r.key) return; continue; }
        var ps = c.lists.map(function (l) { return l.get(d); });
        var inTitle = contiguous(c, ps, 0), inBody = c.field === "title" ? false : contiguous(c, ps, 1);
        if (c.field === "title" && !ps.some(function (x) { return x.tf[0] > 0; })) { if (!r.key) return; continue; }
        if (c.phrase && !inTitle && !inBody) { if (!r.key) return; continue; }
        if (inTitle || inBody) r.contig++;
        if (inTitle && c.span === f.tlen[d]) r.exact++;
        var tl = f.tlen[d], bl = f.blen[d];
        for (var k = 0; k < ps.length; k++) {
          var df = c.lists[k].size, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          var tf = TITLE_WEIGHT * ps[k].tf[0] / (1 - B + B * tl / f.avgT) + (c.field === "title" ? 0 : ps[k].tf[1] / (1 - B + B * bl / f.avgB));
          r.score += idf * tf * (K1 + 1) / (tf + K1);
        }
        if (inTitle) r.score += 2;
      }
      for (var ni = 0; ni < p.clauses.length; ni++) {
        var x = p.clauses[ni];
        if (!x.neg) continue;
        var lists = x.terms.map(function (t) { return post[t.term] ? decode(t.term, post[t.term]) : new Map(); });
        if (!lists.every(function (l) { return l.has(d); })) continue;
        var xs = lists.map(function (l) { return l.get(d); });
        if (contiguous(x, xs, 0) || contiguous(x, xs, 1)) return;
      }
      results.push(r);
    });
    return { parsed: p, results: results };
  }

  function byRelevance(a, b) {
    return (b.key - a.key) || (b.contig - a.contig) || (b.exact - a.exact) || (b.score - a.score) || (a.doc - b.doc);
  }

  function byDate(a, b) { return a.doc - b.doc; }

  // docs loads what the result list shows for documents ds.
  function docs(ds) {
    var shards = {};
    ds.forEach(function (d) { shards[Math.floor(d / entry.per)] = true; });
    return Promise.all(Object.keys(shards).map(function (s) { return docShard(+s); })).then(function () {
      return ds.map(function (d) {
        var row = got["d" + Math.floor(d / entry.per)][d % entry.per];
        var href = row[1];
        if (entry.offline && (href === "" || href.charAt(href.length - 1) === "/")) href += "index.html";
        return { doc: d, title: row[0], href: new URL("../" + href, entryURL).href, indexNo: row[2], docNo: row[3], date: row[4], brief: row[5] };
      });
    });
  }

  // ---- Highlighting ----

  function escapeHTML(s) {
    return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function foldUnits(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
      var ch = String.fromCharCode(c), l = ch.toLowerCase();
      out += l.length === 1 ? l : ch;
    }
    return out;
  }

  // highlight marks every occurrence of the needles in text.
  function highlight(text, ns) {
    var low = foldUnits(text), marks = new Array(text.length).fill(false);
    ns.forEach(function (nd) {
      if (!nd) return;
      for (var i = low.indexOf(nd); i >= 0; i = low.indexOf(nd, i + 1)) {
        for (var k = i; k < i + nd.length; k++) marks[k] = true;
      }
    });
    var out = "", open = false;
    for (var i = 0; i < text.length; i++) {
      if (marks[i] && !open) { out += "<mark>"; open = true; }
      if (!marks[i] && open) { out += "</mark>"; open = false; }
      out += escapeHTML(text.charAt(i));
    }
    return out + (open ? "</mark>" : "");
  }

  // ---- The search page ----

  var TEXT = {
    "zh-CN": {
      loading: "正在加载搜索索引…", searching: "正在搜索…", found: "找到 {n} 条结果", none: "没有找到与“{q}”相关的结果。",
      empty: "请输入要搜索的内容。", filters: "筛选", sort: "排序", relevance: "相关度", date: "发布日期（新到旧）",
      prev: "上一页", next: "下一页", page: "第 {p} 页，共 {n} 页", pagination: "分页", clear: "清除筛选",
      results: "搜索结果", failed: "搜索索引加载失败：", index_no: "索引号", doc_no: "文号", published: "发布日期"
    },
    en: {
      loading: "Loading the search index…", searching: "Searching…", found: "{n} results", none: "No results for “{q}”.",
      empty: "Type what to search for.", filters: "Filters", sort: "Sort by", relevance: "Relevance", date: "Date (newest first)",
      prev: "Previous", next: "Next", page: "Page {p} of {n}", pagination: "Pagination", clear: "Clear filters",
      results: "Results", failed: "The search index did not load: ", index_no: "Index no.", doc_no: "Document no.", published: "Published"
    }
  };
  var PER_PAGE = 10;

  function ui() {
    var app = document.getElementById("search-app");
    if (!app) return;
    var lang = document.documentElement.lang === "en" ? "en" : "zh-CN", T = TEXT[lang];
    function t(k, args) {
      return T[k].replace(/\{(\w+)\}/g, function (_, a) { return args[a]; });
    }
    var form = document.getElementById("search-form"), input = document.getElementById("search-q");
    var status = document.getElementById("search-status"), filtersBox = document.getElementById("search-filters");
    var sortSel = document.getElementById("search-sort"), list = document.getElementById("search-results");
    var pager = document.getElementById("search-pager"), heading = document.getElementById("search-results-heading");
    app.hidden = false;
    var ready = null, run = 0;

    function state() {
      var u = new URLSearchParams(location.search), s = { q: u.get("q") || "", sort: u.get("sort") === "date" ? "date" : "", page: Math.max(1, parseInt(u.get("page"), 10) || 1), f: {} };
      FILTERS.forEach(function (k) { var v = u.getAll(k); if (v.length) s.f[k] = v; });
      return s;
    }

    function url(s) {
      var u = new URLSearchParams();
      if (s.q) u.set("q", s.q);
      FILTERS.forEach(function (k) { (s.f[k] || []).forEach(function (v) { u.append(k, v); }); });
      if (s.sort) u.set("sort", s.sort);
      if (s.page > 1) u.set("page", String(s.page));
      var q = u.toString();
      return location.pathname + (q ? "?" + q : "");
    }

    // go shows s as a new history entry; focus is the id of the control to
    // keep focused across the re-rendering, or true for the results.
    function go(s, focus) {
      history.pushState(null, "", url(s));
      show(s, focus);
    }

    function show(s, focus) {
      input.value = s.q;
      sortSel.value = s.sort || "relevance";
      var me = ++run;
      if (!s.q.trim()) {
        status.textContent = T.empty;
        list.innerHTML = "";
        filtersBox.innerHTML = "";
        pager.innerHTML = "";
        heading.hidden = true;
        app.setAttribute("data-rendered", url(s));
        return;
      }
      status.textContent = entry ? T.searching : T.loading;
      ready = ready || openIndex(app.getAttribute("data-index"));
      ready.then(function () { return search(s.q); }).then(function (res) {
        if (me !== run) return;
        var p = res.parsed, all = res.results, sel = {};
        FILTERS.forEach(function (k) { sel[k] = (s.f[k] || []).concat(p.filters[k] || []); });
        function passes(r, skip) {
          for (var i = 0; i < FILTERS.length; i++) {
            var k = FILTERS[i];
            if (k === skip || !sel[k].length) continue;
            var code = facets.col[k][r.doc];
            if (!code || sel[k].indexOf(facets.values[k][code - 1]) < 0) return false;
          }
          return true;
        }
        var shown = all.filter(function (r) { return passes(r, null); });
        shown.sort(s.sort === "date" ? byDate : byRelevance);
        var pages = Math.max(1, Math.ceil(shown.length / PER_PAGE)), page = Math.min(s.page, pages);
        var slice = shown.slice((page - 1) * PER_PAGE, page * PER_PAGE);
        var ns = [];
        p.clauses.forEach(function (c) { if (!c.neg) ns = ns.concat(c.needles); });
        return docs(slice.map(function (r) { return r.doc; })).then(function (rows) {
          if (me !== run) return;
          renderFilters(all, sel, s, passes);
          renderResults(rows, ns);
          renderPager(s, page, pages);
          heading.hidden = shown.length === 0;
          status.textContent = shown.length ? t("found", { n: shown.length }) : t("none", { q: s.q });
          app.setAttribute("data-rendered", url(s)); // what is on screen, for tests and tools
          if (focus === true && shown.length) heading.focus();
          else if (typeof focus === "string" && document.getElementById(focus)) document.getElementById(focus).focus();
        });
      }).catch(function (err) {
        ready = null; // the next query loads what failed again
        if (me === run) status.textContent = T.failed + err.message;
      });
    }

    function renderFilters(all, sel, s, passes) {
      filtersBox.innerHTML = "";
      if (!all.length) return;
      var h = document.createElement("h2");
      h.textContent = T.filters;
      filtersBox.appendChild(h);
      FILTERS.forEach(function (k) {
        var counts = new Map();
        all.forEach(function (r) {
          if (!passes(r, k)) return;
          var code = facets.col[k][r.doc];
          if (code) counts.set(code, (counts.get(code) || 0) + 1);
        });
        sel[k].forEach(function (v) {
          var code = facets.values[k].indexOf(v) + 1;
          if (code && !counts.has(code)) counts.set(code, 0);
        });
        if (!counts.size) return;
        var codes = Array.from(counts.keys()).sort(function (a, b) {
          return k === "year" ? a - b : (counts.get(b) - counts.get(a)) || (a - b);
        });
        var fs = document.createElement("fieldset"), lg = document.createElement("legend");
        fs.className = "search-facet";
        lg.textContent = facets.titles[k];
        fs.appendChild(lg);
        codes.slice(0, 15).forEach(function (code) {
          var v = facets.values[k][code - 1], id = "f-" + k + "-" + code;
          var lab = document.createElement("label"), cb = document.createElement("input");
          cb.type = "checkbox";
          cb.id = id;
          cb.name = k;
          cb.value = v;
          cb.checked = sel[k].indexOf(v) >= 0;
          cb.addEventListener("change", function () {
            var ns = Object.assign({}, s, { f: Object.assign({}, s.f), page: 1 });
            var cur = (ns.f[k] || []).filter(function (x) { return x !== v; });
            if (cb.checked) cur.push(v);
            if (cur.length) ns.f[k] = cur; else delete ns.f[k];
            go(ns, id);
          });
          lab.htmlFor = id;
          lab.appendChild(cb);
          lab.appendChild(document.createTextNode(" " + facets.labels[k][code - 1] + " (" + counts.get(code) + ")"));
          fs.appendChild(lab);
        });
        filtersBox.appendChild(fs);
      });
      if (Object.keys(s.f).length) {
        var clear = document.createElement("button");
        clear.type = "button";
        clear.textContent = T.clear;
        clear.addEventListener("click", function () { go(Object.assign({}, s, { f: {}, page: 1 }), false); input.focus(); });
        filtersBox.appendChild(clear);
      }
    }

    function renderResults(rows, ns) {
      list.innerHTML = "";
      rows.forEach(function (d) {
        var li = document.createElement("li");
        var html = '<p class="record-title"><a href="' + escapeHTML(d.href) + '">' + highlight(d.title, ns) + "</a></p>";
        html += '<dl class="brief">';
        if (d.indexNo) html += "<div><dt>" + T.index_no + "</dt><dd>" + highlight(d.indexNo, ns) + "</dd></div>";
        if (d.docNo) html += "<div><dt>" + T.doc_no + "</dt><dd>" + highlight(d.docNo, ns) + "</dd></div>";
        if (d.date) html += "<div><dt>" + T.published + '</dt><dd><time datetime="' + d.date + '">' + d.date + "</time></dd></div>";
        html += "</dl>";
        if (d.brief) html += '<p class="summary">' + highlight(d.brief, ns) + "</p>";
        li.innerHTML = html;
        list.appendChild(li);
      });
    }

    function renderPager(s, page, pages) {
      pager.innerHTML = "";
      if (pages <= 1) return;
      var nav = document.createElement("nav"), ul = document.createElement("ul");
      nav.setAttribute("aria-label", T.pagination);
      nav.className = "pager";
      function link(label, p, rel) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = url(Object.assign({}, s, { page: p }));
        a.textContent = label;
        if (rel) a.rel = rel;
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          go(Object.assign({}, s, { page: p }), true);
        });
        li.appendChild(a);
        ul.appendChild(li);
      }
      if (page > 1) link(T.prev, page - 1, "prev");
      var li = document.createElement("li");
      li.textContent = t("page", { p: page, n: pages });
      ul.appendChild(li);
      if (page < pages) link(T.next, page + 1, "next");
      nav.appendChild(ul);
      pager.appendChild(nav);
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var s = state();
      go({ q: input.value, sort: s.sort, page: 1, f: s.f }, false);
    });
    sortSel.addEventListener("change", function () {
      var s = state();
      s.sort = sortSel.value === "date" ? "date" : "";
      s.page = 1;
      go(s, false);
    });
    window.addEventListener("popstate", function () { show(state(), false); });
    show(state(), false);
  }

  window.gongkaiSearch = {
    load: function (id, data) { got[id] = data; },
    // For tests and tools: the engine without the page.
    analyze: analyze, key: key, parse: parse, open: openIndex, search: search,
    docs: docs, highlight: highlight, byRelevance: byRelevance, byDate: byDate
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ui);
  else ui();
})();
