/* Suggestions as one types in the catalogue's search boxes (the header's, the phone header's and
   the home page's), as an ARIA 1.2 combobox: Down/Up move through the list, Enter opens the
   suggestion chosen (or searches what was typed when none is), Escape closes the list (a second
   Escape clears the box), Tab leaves. The suggestions are /api/suggest's (public entries only).
   Without JavaScript the boxes are plain search forms. */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = (script && script.getAttribute("data-url")) || "/api/suggest";
  var kinds = {tag: (script && script.getAttribute("data-tag")) || "Keyword",
               dataset: (script && script.getAttribute("data-dataset")) || "Dataset"};
  var countText = (script && script.getAttribute("data-count")) || "{n} suggestions";
  var BOXES = ["field-sitewide-search", "field-phone-search", "home-search"];
  var cache = {};

  function attach(input) {
    var id = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = id;
    list.className = "shaoxing-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var holder = input.form || input.parentNode;   // the form: an input group keeps its corners
    holder.classList.add("shaoxing-suggest-holder");
    holder.appendChild(list);
    holder.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, timer = null, asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(n) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (el, i) { el.setAttribute("aria-selected", i === n ? "true" : "false"); });
      active = n;
      if (n >= 0) {
        input.setAttribute("aria-activedescendant", options[n].id);
        options[n].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function show(found) {
      items = found;
      list.textContent = "";
      found.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-kind", s.kind);
        var label = document.createElement("span");
        label.textContent = s.label;
        var kind = document.createElement("span");
        kind.className = "shaoxing-suggestion-kind";
        kind.textContent = kinds[s.kind] || "";
        li.appendChild(label);
        li.appendChild(kind);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });   // keep the focus
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = !found.length;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      status.textContent = found.length ? countText.replace("{n}", found.length) : "";
    }
    function go(i) {
      close();
      window.location.href = items[i].url;
    }
    function ask() {
      var q = input.value.trim();
      asked = q;
      if (!q) { show([]); return; }
      if (cache[q]) { show(cache[q]); return; }
      fetch(endpoint + "?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          var found = (body && body.result && body.result.suggestions) || [];
          cache[q] = found;
          if (asked === q && document.activeElement === input) { show(found); }
        })
        .catch(function () { /* no suggestions: the box still searches */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open) { if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); mark(0); } else { ask(); } return; }
        mark(active + 1 < items.length ? active + 1 : 0);
      } else if (e.key === "ArrowUp") {
        if (!open) { return; }
        e.preventDefault();
        mark(active > 0 ? active - 1 : items.length - 1);
      } else if (e.key === "Enter") {
        if (open && active >= 0) { e.preventDefault(); go(active); }
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else if (input.value) { e.preventDefault(); input.value = ""; items = []; }
      } else if (e.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    BOXES.forEach(function (id) {
      var input = document.getElementById(id);
      if (input) { attach(input); }
    });
  });
})();
