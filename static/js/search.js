/* gongkai search: the reader's search engine and the search page.
 *
 * It reads the static index under search/ (see internal/search/siteindex):
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

  // loadScript loads the index file id from url once; a file the page
  // already loaded (the entry, beside search.js) is not asked for again.
  function loadScript(id, url) {
    if (id in got) return Promise.resolve(got[id]);
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

  function openIndex(indexURL) {
    entryURL = new URL(indexURL, document.baseURI).href;
    return loadScript("index", entryURL).then(function (e) {
      entry = e;
      return entry;
    });
  }

  // The filter table: loaded with a query's term files when the query
  // filters, else after its first results are shown.
  var facets = null, facetsReady = null;
  function loadFacets() {
    if (facetsReady) return facetsReady;
    // The table, and its columns in parts of a fixed number of documents.
    var loads = [loadScript("f", file("f." + entry.f + ".js"))].concat(entry.fp.map(function (h, k) {
      return loadScript("f-" + k, file("f-" + k + "." + h + ".js"));
    }));
    facetsReady = Promise.all(loads).then(function (fs) {
      facets = prepareFacets(fs[0], fs.slice(1));
      return facets;
    }, function (err) {
      facetsReady = null; // the next query tries again
      throw err;
    });
    return facetsReady;
  }

  function termFile(term) {
    var i = fnv32a(term) % entry.t;
    return loadScript("t" + i, file("t/" + i + ".js"));
  }

  // passage loads passage k of document d: what its result shows, and text.
  function passage(d, k) {
    var id = k ? "c" + d + "-" + k : "c" + d;
    return loadScript(id, file("c/" + id.slice(1) + ".js")).then(function (c) {
      return { title: c[0], path: c[1], indexNo: c[2], docNo: c[3], date: c[4], brief: c[5], n: c[6], text: c[7] };
    });
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

  function prepareFacets(f, parts) {
    f.col = {};
    f.names.forEach(function (name) {
      var col = parts.map(function (p) { return p[name]; }).join("");
      f.col[name] = readColumn(col, f.widths[name], entry.n);
    });
    return f;
  }

  // ---- Postings ----

  var CONT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", LAST = "ghijklmnopqrstuvwxyz0123456789+/";
  var decodedCache = {};

  function reader(s) {
    var i = 0;
    return {
      more: function () { return i < s.length; },
      num: function () {
        var v = 0, mul = 1;
        for (;;) {
          var ch = s.charAt(i++), d = CONT.indexOf(ch);
          if (d >= 0) { v += d * mul; mul *= 32; continue; }
          return v + LAST.indexOf(ch) * mul;
        }
      }
    };
  }

  // decode turns a posting string into a Map doc → {imp, title, tl, p}: the
  // term's impact in the body (0: not there), whether the title has it and
  // the title's length, and the passage of its first occurrence.
  function decode(term, s) {
    if (!decodedCache[term]) decodedCache[term] = decodeRun(s, new Map());
    return decodedCache[term];
  }

  // decodeRun adds the postings of s, a run in document order, to m.
  function decodeRun(s, m) {
    var r = reader(s), doc = 0;
    while (r.more()) {
      doc += r.num();
      var v = r.num(), e = { imp: v >> 2, title: (v & 2) >> 1, tl: 0, p: 0 };
      if (v & 2) e.tl = r.num();
      if (v & 1) e.p = r.num();
      m.set(doc, e);
    }
    return m;
  }

  function decodeKey(s) {
    var r = reader(s), out = [], doc = 0;
    while (r.more()) {
      doc += r.num();
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
    var clauses = [], filters = {}, rest = [], re = /([+-]?)(?:([a-z_]+):)?(?:"([^"]*)"?|(\S+))/g, m;
    while ((m = re.exec(q))) {
      var neg = m[1] === "-", field = m[2] || "", phrase = m[3] !== undefined, text = phrase ? m[3] : m[4];
      if (field && FILTERS.indexOf(field) >= 0) {
        (filters[field] = filters[field] || []).push(text);
        continue;
      }
      rest.push(m[0]);
      if (field && field !== "title" && field !== "body") {
        text = field + ":" + text; // not a field: part of the text (a URL, 12:30)
        field = "";
      }
      var c = clause(text, phrase, neg, field);
      if (c) clauses.push(c);
    }
    return { clauses: clauses, filters: filters, key: key(rest.join(" ").replace(/^"+|"+$/g, "")) };
  }

  // clause is one word or phrase: the terms whose positions make it, each
  // with its offset from the first.
  function clause(text, phrase, neg, field) {
    var toks = spaced(text);
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

  var TITLE_WEIGHT = 16, PAGE = 10; // TITLE_WEIGHT as titleWeight in internal/search/siteindex

  // search runs a query: every document that has all the terms of the
  // positive clauses and not all of an excluded one, ranked. A clause of
  // Chinese text matches by its bigrams, and counts as contiguous until
  // the text read by verify says otherwise. A common term's term file holds
  // only its head (see internal/search/siteindex): a candidate found by the
  // clause's other terms is presumed to have it, until its tails are loaded
  // (opts.complete, or a clause of common terms only whose heads share too
  // few documents). opts.facets loads the filter table with the term files.
  function search(query, opts) {
    opts = opts || {};
    var p = parse(query), need = {};
    p.clauses.forEach(function (c) { c.terms.forEach(function (t) { need[t.term] = true; }); });
    if (p.key) {
      need["#" + p.key] = true;
      need["=" + p.key] = true;
    }
    var names = Object.keys(need), waits = names.map(termFile);
    if (opts.facets) waits.push(loadFacets());
    return Promise.all(waits).then(function (files) {
      var post = {};
      names.forEach(function (t, i) { post[t] = files[i][t]; });
      var res = rank(p, post);
      var more = opts.complete ? res.partial : res.thin;
      if (!more.length) return res;
      return Promise.all(more.map(function (t) { return loadTails(t, post[t]); })).then(function () {
        return rank(p, post);
      });
    });
  }

  // complete returns a search's results with every tail its terms have.
  function complete(res, query) {
    return res.partial.length ? search(query, { complete: true }) : Promise.resolve(res);
  }

  // Tails: a common term's postings, whole, once loaded.
  var whole = {};
  function loadTails(term, v) {
    if (whole[term]) return Promise.resolve(whole[term]);
    var parts = [];
    for (var k = 0; k < v[1]; k++) {
      var id = "T" + v[2] + "-" + k;
      parts.push(loadScript(id, file("t/" + v[2] + "-" + k + ".js")));
    }
    return Promise.all(parts).then(function (tails) {
      var m = new Map(decode(term, v[3]));
      tails.forEach(function (s) { decodeRun(s, m); });
      whole[term] = new Map(Array.from(m.entries()).sort(function (x, y) { return x[0] - y[0]; }));
      return whole[term];
    });
  }

  // list is what is known of a term's postings: m, documents → entries; df;
  // and for a common term whose tails are not loaded, partial and bound,
  // the impact a document outside its head has at most.
  function list(term, v) {
    if (whole[term]) return { m: whole[term], df: whole[term].size, partial: false };
    if (v === undefined) return { m: new Map(), df: 0, partial: false };
    if (typeof v === "string") {
      var m = decode(term, v);
      return { m: m, df: m.size, partial: false };
    }
    var h = decode(term, v[3]), bound = 31;
    h.forEach(function (e) { bound = Math.min(bound, e.imp); });
    return { m: h, df: v[0], partial: true, bound: bound };
  }

  function rank(p, post) {
    var n = entry.n, hits = null, thin = [], partial = [], estimate = Infinity;
    var pos = p.clauses.filter(function (c) { return !c.neg; });
    var keyDocs = [];
    if (p.key) ["#", "="].forEach(function (k) { if (post[k + p.key]) keyDocs = keyDocs.concat(decodeKey(post[k + p.key])); });
    var keySet = new Set(keyDocs);
    function lists(c) {
      return c.terms.map(function (t) {
        var l = list(t.term, post[t.term]);
        if (l.partial && partial.indexOf(t.term) < 0) partial.push(t.term);
        return l;
      });
    }
    // Candidates: documents with every term of every positive clause, as
    // far as what is loaded tells.
    pos.forEach(function (c) {
      c.lists = lists(c);
      c.idf = c.lists.map(function (l) { return Math.log(1 + (n - l.df + 0.5) / (l.df + 0.5)); });
      var known = c.lists.filter(function (l) { return !l.partial; });
      var from = (known.length ? known : c.lists).reduce(function (a, b) { return a.m.size <= b.m.size ? a : b; });
      var set = [];
      from.m.forEach(function (_, d) {
        if (hits && !hits.has(d)) return;
        for (var k = 0; k < c.lists.length; k++) {
          var l = c.lists[k];
          if (!l.m.has(d) && (!l.partial || !known.length)) return;
        }
        set.push(d);
      });
      if (!known.length) estimate = Math.min(estimate, Math.min.apply(null, c.lists.map(function (l) { return l.df; })));
      if (!known.length && set.length < PAGE) {
        // Common terms only, and their heads share too few documents: the
        // rarest one's tails make the set.
        var rarest = 0;
        c.lists.forEach(function (l, k) { if (l.df < c.lists[rarest].df) rarest = k; });
        thin.push(c.terms[rarest].term);
      }
      hits = new Set(set);
    });
    // Without words to find, filters and exclusions apply to every document.
    if (!pos.length) hits = new Set(pos.length < p.clauses.length || Object.keys(p.filters).length ? Array.from({ length: n }, function (_, d) { return d; }) : []);
    keyDocs.forEach(function (d) { hits.add(d); });
    var neg = p.clauses.filter(function (c) { return c.neg; }).map(lists);
    var results = [];
    hits.forEach(function (d) {
      for (var x = 0; x < neg.length; x++) {
        if (neg[x].every(function (l) { return l.m.has(d); })) return;
      }
      var r = { doc: d, key: keySet.has(d) ? 1 : 0, contig: 0, exact: 0, score: 0, p: 0, verified: false };
      var rarest = Infinity;
      for (var ci = 0; ci < pos.length; ci++) {
        var c = pos[ci];
        var es = c.lists.map(function (l) { return l.m.get(d) || (l.partial ? { imp: l.bound, title: 0, tl: 0, p: 0 } : null); });
        if (es.indexOf(null) >= 0) { if (!r.key) return; continue; }
        var inTitle = es.every(function (e) { return e.title; });
        if (c.field === "title" && !inTitle) { if (!r.key) return; continue; }
        r.contig++;
        if (inTitle && c.span === es[0].tl) r.exact++;
        for (var k = 0; k < es.length; k++) {
          r.score += c.idf[k] * ((c.field === "title" ? 0 : es[k].imp) + (es[k].title ? TITLE_WEIGHT : 0));
          // The passage to show: where the rarest term first stands.
          if (es[k].imp && c.lists[k].m.has(d) && c.lists[k].df < rarest) {
            rarest = c.lists[k].df;
            r.p = es[k].p;
          }
        }
        // A title the clause fills more of weighs more.
        if (inTitle) r.score += 8 * c.idf.reduce(function (a, b) { return a + b; }, 0) * c.span / Math.max(c.span, es[0].tl);
      }
      results.push(r);
    });
    return { parsed: p, results: results, thin: thin, partial: partial, estimate: estimate === Infinity ? results.length : estimate };
  }

  // resolve turns filters as a reader gives them (field → values, for kind
  // and validity in Chinese or English, see search.FilterAliases) into the
  // filter table's values. A value that names nothing throws an error with
  // its field, value and the known values (as gongkai search lists them).
  function resolve(filters) {
    var sel = {};
    FILTERS.forEach(function (k) {
      sel[k] = (filters[k] || []).map(function (v) {
        var al = facets.aliases[k] || {};
        v = v.trim();
        if (Object.prototype.hasOwnProperty.call(al, v)) return al[v];
        if (facets.values[k].indexOf(v) >= 0) return v;
        var err = new Error(k + ": unknown value " + v);
        err.field = k;
        err.value = v;
        err.known = facets.choices[k] || facets.values[k];
        throw err;
      });
    });
    return sel;
  }

  // admits reports whether document d has one of the values of each filter
  // of sel (from resolve) but skip's.
  function admits(d, sel, skip) {
    for (var i = 0; i < FILTERS.length; i++) {
      var k = FILTERS[i];
      if (k === skip || !sel[k] || !sel[k].length) continue;
      var code = facets.col[k][d];
      if (!code || sel[k].indexOf(facets.values[k][code - 1]) < 0) return false;
    }
    return true;
  }

  // select is the results of res that pass its query's filters and those
  // of filters (field → values, as resolve takes them), but those verify
  // found apart; the filter table must be loaded (search's opts.facets).
  function select(res, filters) {
    var all = {};
    FILTERS.forEach(function (k) { all[k] = ((filters || {})[k] || []).concat(res.parsed.filters[k] || []); });
    var sel = resolve(all);
    return res.results.filter(function (r) { return !r.apart && admits(r.doc, sel); });
  }

  function byRelevance(a, b) {
    return (b.key - a.key) || (b.contig - a.contig) || (b.exact - a.exact) || (b.score - a.score) || (b.doc - a.doc);
  }

  function byDate(a, b) { return b.doc - a.doc; }

  // spaced is analyze with a gap in the positions wherever the text has
  // white space, so that text counts as contiguous only where the string
  // is: "建设局 2022" does not hold 建设局2022.
  function spaced(text) {
    var out = [], base = 0, re = /\S+/g, m;
    while ((m = re.exec(text))) {
      var last = 0;
      analyze(m[0]).forEach(function (t) {
        t.pos += base;
        t.start += m.index;
        t.end += m.index;
        last = t.pos;
        out.push(t);
      });
      if (last) base = last + 1;
    }
    return out;
  }

  // positionsOf analyses text once: term → its positions.
  function positionsOf(text) {
    var m = new Map();
    spaced(text).forEach(function (t) {
      if (!m.has(t.term)) m.set(t.term, []);
      m.get(t.term).push(t.pos);
    });
    return m;
  }

  // contiguous reports whether clause c's terms stand at their offsets in
  // the analysed text m.
  function contiguous(c, m) {
    var first = m.get(c.terms[0].term) || [];
    outer: for (var i = 0; i < first.length; i++) {
      var base = first[i] - c.terms[0].off;
      for (var k = 1; k < c.terms.length; k++) {
        var ps = m.get(c.terms[k].term);
        if (!ps || ps.indexOf(base + c.terms[k].off) < 0) continue outer;
      }
      return true;
    }
    return false;
  }

  // verify loads the passage each result shows and reads from it, and from
  // the title, which clauses stand together. A clause found apart in a
  // document of one passage no longer counts as contiguous; in a longer
  // one, only all passages could tell (all: read them all). A result with
  // a "phrase" known to stand only apart is marked apart: it is no result.
  function verify(parsed, rs, all) {
    var pos = parsed.clauses.filter(function (c) { return !c.neg; });
    return Promise.all(rs.map(function (r) {
      if (r.verified) return r;
      return passage(r.doc, r.p).then(function (c) {
        r.row = c;
        var texts = [c.text];
        var more = [];
        if (all) for (var k = 0; k < c.n; k++) if (k !== r.p) more.push(passage(r.doc, k));
        return Promise.all(more).then(function (others) {
          others.forEach(function (o) { texts.push(o.text); });
          var known = all || c.n === 1;
          var title = positionsOf(c.title), body = texts.map(positionsOf);
          var contig = 0;
          pos.forEach(function (cl) {
            var inTitle = contiguous(cl, title);
            var inBody = cl.field !== "title" && body.some(function (m) { return contiguous(cl, m); });
            if (inTitle || inBody || !known) contig++;
            else if (cl.phrase) r.apart = true;
          });
          r.contig = Math.min(r.contig, contig);
          r.verified = true;
          return r;
        });
      });
    }));
  }

  // readAhead is how many results past a page of size results page reads
  // in its round (from 0): none at first, then twice as far each round, so
  // that many records found apart cost few waves (their number grows with
  // the logarithm of the records read, not its square root).
  function readAhead(size, round) {
    return round ? size * Math.pow(2, round - 1) : 0;
  }

  // page ranks results and returns the slice [from, to), each verified and
  // with its row, re-ranking until the slice holds only verified results,
  // reading ahead (readAhead) from the second round on.
  function page(parsed, results, order, from, to, all) {
    var rounds = 0;
    function step() {
      for (var i = results.length - 1; i >= 0; i--) if (results[i].apart) results.splice(i, 1);
      results.sort(order);
      var slice = results.slice(from, to);
      var todo = slice.filter(function (r) { return !r.verified; });
      if (!todo.length) return Promise.resolve(slice);
      var ahead = results.slice(to, to + readAhead(to - from, rounds++)).filter(function (r) { return !r.verified; });
      return verify(parsed, todo.concat(ahead), all).then(step);
    }
    return step();
  }

  // excerpt is the passage around the first match of the needles in text,
  // about 110 characters, or "" where none is there.
  function excerpt(text, ns) {
    var low = foldUnits(text), at = -1, len = 0;
    ns.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (nd) {
      if (!nd || at >= 0) return;
      var i = low.indexOf(nd);
      if (i >= 0) { at = i; len = nd.length; }
    });
    if (at < 0) return "";
    var start = Math.max(0, at - 30), end = Math.min(text.length, start + 110);
    start = Math.max(0, Math.min(start, end - 110));
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start++;
    if (end < text.length && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
    var s = text.slice(start, end).replace(/\s+/g, " ").trim();
    return (start > 0 ? "…" : "") + s + (end < text.length ? "…" : "");
  }

  // docs is what the result list shows for verified results rs.
  function docs(rs, ns) {
    return rs.map(function (r) {
      var row = r.row, href = row.path;
      if (entry.offline && (href === "" || href.charAt(href.length - 1) === "/")) href += "index.html";
      return { doc: r.doc, title: row.title, href: new URL("../" + href, entryURL).href, indexNo: row.indexNo, docNo: row.docNo,
        date: row.date, brief: row.brief, excerpt: ns ? excerpt(row.text, ns) : "" };
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
      found_about: "找到约 {n} 条结果", empty: "请输入要搜索的内容。", filters: "筛选", sort: "排序", relevance: "相关度", date: "发布日期（新到旧）",
      prev: "上一页", next: "下一页", page: "第 {p} 页，共 {n} 页", pagination: "分页", clear: "清除筛选",
      results: "搜索结果", failed: "搜索索引加载失败：", index_no: "索引号", doc_no: "文号", published: "发布日期",
      unknown: "筛选条件“{f}”没有“{v}”这个值；可用的值：{known}", comma: "、"
    },
    en: {
      loading: "Loading the search index…", searching: "Searching…", found: "{n} results", none: "No results for “{q}”.",
      found_about: "About {n} results", empty: "Type what to search for.", filters: "Filters", sort: "Sort by", relevance: "Relevance", date: "Date (newest first)",
      prev: "Previous", next: "Next", page: "Page {p} of {n}", pagination: "Pagination", clear: "Clear filters",
      results: "Results", failed: "The search index did not load: ", index_no: "Index no.", doc_no: "Document no.", published: "Published",
      unknown: "The filter “{f}” has no value “{v}”; known values: {known}", comma: ", "
    }
  };

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
        app.setAttribute("data-results", url(s));
        app.setAttribute("data-rendered", url(s));
        return;
      }
      status.textContent = entry ? T.searching : T.loading;
      ready = ready || openIndex(app.getAttribute("data-index"));
      var filtered = FILTERS.some(function (k) { return (s.f[k] || []).length; });
      var res, sel = {};
      ready.then(function () {
        var p = parse(s.q);
        filtered = filtered || FILTERS.some(function (k) { return (p.filters[k] || []).length; });
        return search(s.q, { facets: filtered });
      }).then(function (r) {
        if (me !== run) return;
        res = r;
        var all = {};
        FILTERS.forEach(function (k) { all[k] = (s.f[k] || []).concat(res.parsed.filters[k] || []); });
        sel = resolve(all);
        var ns = [];
        res.parsed.clauses.forEach(function (c) { if (!c.neg) ns = ns.concat(c.needles); });
        var order = s.sort === "date" ? byDate : byRelevance, shownDocs = "";
        // paint shows the page of results asked for, with their excerpts,
        // unless it is already on screen.
        function paint(final) {
          var shown = res.results.filter(function (x) { return passes(x, null); });
          var pages = Math.max(1, Math.ceil(shown.length / PAGE)), pg = Math.min(s.page, pages);
          return page(res.parsed, shown, order, (pg - 1) * PAGE, pg * PAGE).then(function (slice) {
            if (me !== run) return;
            var ids = slice.map(function (x) { return x.doc; }).join();
            if (ids !== shownDocs) {
              renderResults(docs(slice, ns), ns);
              shownDocs = ids;
            }
            renderPager(s, pg, pages);
            heading.hidden = shown.length === 0;
            // Until the common terms' tails are in, the count is estimated.
            var about = !final && res.partial.length > 0;
            var n = about && !filtered ? Math.max(shown.length, res.estimate) : shown.length;
            status.textContent = shown.length ? t(about ? "found_about" : "found", { n: n }) : t("none", { q: s.q });
          });
        }
        return paint(false).then(function () {
          if (me !== run) return;
          app.setAttribute("data-results", url(s)); // the first results, for tests and tools
          if (focus === true && res.results.length) heading.focus();
          // Then, once they are painted, what the first results did not
          // need: every posting, for exact counts, and the filter table.
          return new Promise(function (next) { setTimeout(next, 0); }).then(function () {
            return Promise.all([complete(res, s.q), loadFacets()]);
          }).then(function (all) {
            if (me !== run) return;
            res = all[0];
            return paint(true).then(function () {
              if (me !== run) return;
              renderFilters(res.results, sel, s, passes);
              app.setAttribute("data-rendered", url(s)); // what is on screen, for tests and tools
              if (typeof focus === "string" && document.getElementById(focus)) document.getElementById(focus).focus();
            });
          });
        });
      }).catch(function (err) {
        if (me !== run) return;
        if (err.known) {
          status.textContent = t("unknown", { f: facets.titles[err.field], v: err.value, known: err.known.join(T.comma) });
          list.innerHTML = "";
          filtersBox.innerHTML = "";
          pager.innerHTML = "";
          heading.hidden = true;
          app.setAttribute("data-rendered", url(s));
          return;
        }
        ready = null; // the next query loads what failed again
        status.textContent = T.failed + err.message;
      });

      // passes reports whether result r passes the filters, but for skip's.
      function passes(r, skip) {
        return admits(r.doc, sel, skip);
      }
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
            // The URL may name the value otherwise (kind=政策文件 for policy).
            var cur = (ns.f[k] || []).filter(function (x) { var one = {}; one[k] = [x]; return resolve(one)[k][0] !== v; });
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
        if (d.excerpt) html += '<p class="summary excerpt">' + highlight(d.excerpt, ns) + "</p>";
        else if (d.brief) html += '<p class="summary">' + highlight(d.brief, ns) + "</p>";
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
    analyze: analyze, key: key, parse: parse, open: openIndex, search: search, complete: complete, verify: verify, page: page, readAhead: readAhead,
    docs: docs, excerpt: excerpt, highlight: highlight, byRelevance: byRelevance, byDate: byDate, resolve: resolve, select: select,
    facets: loadFacets
  };

  // The page runs once the document and the scripts deferred with this one
  // (the index's entry) are in.
  var started = false;
  function start() {
    if (!started) {
      started = true;
      ui();
    }
  }
  document.addEventListener("DOMContentLoaded", start);
  window.addEventListener("load", start);
  if (document.readyState === "complete") start();
})();
