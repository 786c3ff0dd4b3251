// Live preview of a place's opening hours: asks the server to read the text as the coordinator
// types, and shows the week, the status now, or the problem and where it is. Without this
// script the preview appears after saving.
(function () {
  "use strict";
  var input = document.getElementById("lieu-horaires");
  var preview = document.getElementById("apercu-horaires");
  if (!input || !preview || !window.fetch) return;
  var timer = null;

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function show(answer) {
    preview.textContent = "";
    if (!answer.valid) {
      preview.appendChild(text("p", "Horaires non compris, colonne " + answer.error.column + " : " + answer.error.message, "error"));
      return;
    }
    preview.appendChild(text("p", answer.status, "status"));
    var table = document.createElement("table");
    table.className = "week";
    table.appendChild(text("caption", "Horaires de la semaine"));
    var body = document.createElement("tbody");
    answer.week.forEach(function (day) {
      var row = document.createElement("tr");
      var head = text("th", day.day.charAt(0).toUpperCase() + day.day.slice(1));
      head.scope = "row";
      row.appendChild(head);
      row.appendChild(text("td", day.hours + (day.publicHoliday ? " (" + day.publicHoliday + ")" : "")));
      body.appendChild(row);
    });
    table.appendChild(body);
    preview.appendChild(table);
  }

  function check() {
    var value = input.value.trim();
    if (!value) { preview.textContent = ""; return; }
    fetch("/api/v1/opening-hours?expression=" + encodeURIComponent(value), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) show(answer); })
      .catch(function () { /* offline: the preview waits for the next change */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
})();
