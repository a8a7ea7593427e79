/* The accessible names CKAN's vendored select2 leaves out (axe: aria-input-field-name): its
   combobox and search field get the label of the field they stand for. Runs on widgets made now
   and later (select2 builds them after the page's load). */
(function () {
  "use strict";
  function labelOf(field) {
    if (!field) { return ""; }
    if (field.id) {
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label) { return label.textContent.replace(/\s+/g, " ").trim(); }
    }
    return field.getAttribute("aria-label") || field.getAttribute("placeholder") || field.name || "";
  }
  function name(container) {
    var field = container.previousElementSibling;
    while (field && !/^(SELECT|INPUT)$/.test(field.tagName)) { field = field.previousElementSibling; }
    var text = labelOf(field);
    if (!text) { return; }
    container.querySelectorAll(".select2-selection, .select2-search__field").forEach(function (el) {
      if (!el.getAttribute("aria-label")) { el.setAttribute("aria-label", text); }
    });
    container.querySelectorAll(".select2-search__field[role]").forEach(function (el) {
      el.removeAttribute("role");   // its element's own role already (a role it may not take otherwise)
    });
  }
  function all() { document.querySelectorAll(".select2-container").forEach(name); }
  document.addEventListener("DOMContentLoaded", function () {
    all();
    new MutationObserver(all).observe(document.body, {childList: true, subtree: true});
  });
})();
