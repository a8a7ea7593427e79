/* Copy buttons on the code blocks of the API documentation pages. Served by the portal itself (no
   CDN). Without JavaScript there are no buttons and the code stays selectable; without the
   Clipboard API (plain http) a hidden text area and execCommand copy; where both fail the code
   is selected and the button says to press Ctrl+C. Labels come from the page (its language). */
(function () {
  "use strict";
  var box = document.querySelector("[data-copy-label]");
  if (!box) { return; }
  var label = box.getAttribute("data-copy-label"), done = box.getAttribute("data-copied-label"),
      failed = box.getAttribute("data-copy-failed");

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  Array.prototype.forEach.call(box.querySelectorAll("pre > code"), function (code, n) {
    var pre = code.parentNode, button = document.createElement("button");
    pre.classList.add("shaoxing-copyable");
    if (!code.id) { code.id = "shaoxing-code-" + n; }
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary shaoxing-copy";
    button.textContent = label;
    button.setAttribute("aria-describedby", code.id);
    button.addEventListener("click", function () {
      copy(code.textContent).then(function (ok) {
        button.textContent = ok ? done : failed;
        if (!ok) { select(code); }
        window.setTimeout(function () { button.textContent = label; }, 2500);
      });
    });
    pre.parentNode.insertBefore(button, pre);
  });
}());
