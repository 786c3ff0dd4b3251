// Hides the parts of the activity form that do not apply to what is chosen. Without this
// script every part shows and the server ignores the ones that do not apply.
(function () {
  "use strict";
  var form = document.getElementById("formulaire");
  if (!form) return;

  function chosen(name) {
    var values = [];
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.tagName === "SELECT") values.push(input.value);
      else if ((input.type === "radio" || input.type === "checkbox") && input.checked) values.push(input.value);
      // A hidden input that stands for a choice (the person picker's) counts as one.
      else if (input.type === "hidden" && input.hasAttribute("data-condition-value")) values.push(input.value);
    }
    return values;
  }

  // A condition reads "name=a,b" (one of these is chosen) or "name!=a" (a is not chosen);
  // "name!=" means that something is chosen (a select left on its empty first option is not).
  function holds(condition) {
    var negated = condition.indexOf("!=") > 0;
    var parts = condition.split(negated ? "!=" : "=");
    var values = chosen(parts[0]);
    var wanted = parts[1].split(",");
    var any = wanted.some(function (w) { return values.indexOf(w) >= 0; });
    return negated ? !any : any;
  }

  function update() {
    var parts = form.querySelectorAll("[data-show-when]");
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = !holds(parts[i].getAttribute("data-show-when"));
    }
  }

  form.addEventListener("change", update);
  update();
  var summary = document.getElementById("erreurs");
  if (summary) summary.focus();
})();
