// gongkai serve: reload this page when the site is rebuilt, restyle it when
// only stylesheets changed, and show the errors of a failed build over it.
(function () {
  "use strict";
  var overlay = null;
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
