/* Filter rows of a report page by text, severity and unit. No dependencies, works from file://. */
(function () {
  "use strict";

  function init() {
    var bar = document.querySelector("[data-filter-bar]");
    if (!bar) return;
    var scope = document.querySelector(bar.getAttribute("data-filter-scope") || "main") || document;
    var q = bar.querySelector('[data-filter="q"]');
    var sev = bar.querySelector('[data-filter="sev"]');
    var unit = bar.querySelector('[data-filter="unit"]');
    var count = bar.querySelector("[data-filter-count]");
    var rows = Array.prototype.map.call(scope.querySelectorAll("[data-filter-row]"), function (el) {
      return {
        el: el,
        text: el.textContent.toLowerCase(),
        sevs: (el.getAttribute("data-sev") || "").split(" "),
        unit: el.getAttribute("data-unit") || ""
      };
    });
    var groups = scope.querySelectorAll("[data-filter-group]");

    function apply() {
      var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      var s = sev ? sev.value : "";
      var u = unit ? unit.value : "";
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!s || r.sevs.indexOf(s) >= 0) && (!u || r.unit === u) &&
          terms.every(function (t) { return r.text.indexOf(t) >= 0; });
        r.el.hidden = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(groups, function (g) {
        g.hidden = !g.querySelector("[data-filter-row]:not([hidden])");
      });
      if (count) count.textContent = "显示 " + shown + " / " + rows.length + " 条";
    }

    bar.addEventListener("input", apply);
    bar.addEventListener("change", apply);
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
