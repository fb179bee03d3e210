// gongkai serve: reload this page when the site is rebuilt, restyle it when
// only stylesheets changed, show the errors of a failed build over it, and
// the warnings of the last build in a panel that can be closed.
(function () {
  "use strict";
  var overlay = null;
  var panel = null;
  function warn(messages) {
    if (panel) { panel.remove(); panel = null; }
    if (!messages || messages.length === 0) { return; }
    panel = document.createElement("details");
    panel.id = "gongkai-warnings";
    panel.setAttribute("role", "status");
    panel.style.cssText = "position:fixed;right:0;bottom:0;z-index:2147483646;max-width:min(40rem,100%);max-height:50vh;overflow:auto;background:#fffbe6;color:#5c4300;border:2px solid #8a6d00;padding:.5rem 1rem;font:14px/1.5 monospace";
    var s = document.createElement("summary");
    s.textContent = messages.length + " 条警告（仅编辑可见）/ " + messages.length + " warning(s), shown to the editor only";
    panel.appendChild(s);
    var ul = document.createElement("ul");
    messages.forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m;
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    document.body.appendChild(panel);
  }
  function clear() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(messages) {
    clear();
    overlay = document.createElement("div");
    overlay.id = "gongkai-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(255,255,255,.97);color:#8a1c12;padding:2rem;font:15px/1.6 monospace";
    var h = document.createElement("h2");
    h.textContent = "构建失败，仍显示上次成功的版本 / Build failed; this is the last good build";
    overlay.appendChild(h);
    var ul = document.createElement("ul");
    messages.forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m;
      ul.appendChild(li);
    });
    overlay.appendChild(ul);
    document.body.appendChild(overlay);
  }
  var seen = null;
  var es = new EventSource("/__gongkai/events");
  es.addEventListener("state", function (e) {
    var st = JSON.parse(e.data);
    if (seen !== null && st.generation !== seen) { location.reload(); return; }
    seen = st.generation;
    window.gongkaiLive = "connected";
    clear();
    warn(st.warnings);
  });
  es.addEventListener("errors", function (e) {
    var st = JSON.parse(e.data);
    if (seen === null) { seen = st.generation; }
    window.gongkaiLive = "connected";
    show(st.errors || []);
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function () {
    clear();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("gongkai", Date.now());
      l.href = u.toString();
    });
  });
})();
