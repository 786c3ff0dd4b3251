// Shows the "Imprimer" button of a printable page (hidden without JavaScript, where the page
// says how to print from the browser's menu instead).
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
