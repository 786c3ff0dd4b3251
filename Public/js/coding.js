// Coding a passage: the browser's selection inside an answer (made with the mouse, or with
// Shift+arrows when caret browsing is on) becomes the passage to code. The script only fills the
// panel's hidden fields with UTF-16 offsets within the answer's text (what JavaScript strings
// count); the server converts them to Unicode scalars and checks them. Without this script the
// panel stays hidden and each answer's « Coder toute la réponse » form works alone.
(function () {
  "use strict";
  // A refused form comes back with its reasons: read them first.
  var errors = document.getElementById("erreurs");
  if (errors) errors.focus();
  var panel = document.getElementById("panneau-codage");
  if (!panel) return;
  var question = panel.querySelector('input[name="question"]');
  var start = panel.querySelector('input[name="debut16"]');
  var end = panel.querySelector('input[name="fin16"]');
  var status = document.getElementById("passage-choisi");
  var apply = panel.querySelector("button[type=submit]");
  if (!question || !start || !end || !status || !apply) return;

  panel.hidden = false;
  apply.disabled = true;

  // The answer element holding a node, or null when the node is outside every answer.
  function answerOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest("[data-answer]") : null;
  }

  // UTF-16 length of the text from the start of the answer to (node, offset): the answer's
  // text content is exactly the answer's text, so the count is the position within it.
  function offsetIn(answer, node, offset) {
    var range = document.createRange();
    range.setStart(answer, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function remember() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    var answer = answerOf(range.startContainer);
    // A selection running over two answers is not one passage: keep the previous choice.
    if (!answer || answer !== answerOf(range.endContainer)) return;
    var from = offsetIn(answer, range.startContainer, range.startOffset);
    var to = offsetIn(answer, range.endContainer, range.endOffset);
    if (to <= from) return;
    question.value = answer.getAttribute("data-answer");
    start.value = String(from);
    end.value = String(to);
    var text = range.toString();
    var shown = text.length > 120 ? text.slice(0, 117) + "…" : text;
    status.textContent = "Passage choisi (" + answer.getAttribute("data-label") + ") : « " + shown + " »";
    apply.disabled = false;
  }

  document.addEventListener("selectionchange", remember);
  document.addEventListener("mouseup", remember);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) remember();
  });

  panel.addEventListener("submit", function (event) {
    var chosen = panel.querySelectorAll('input[name="codes[]"]:checked');
    if (!question.value || chosen.length === 0) {
      event.preventDefault();
      status.textContent = question.value
        ? "Cochez au moins un code, puis « Appliquer »."
        : "Sélectionnez d'abord un passage dans une réponse.";
      status.focus();
    }
  });
})();
