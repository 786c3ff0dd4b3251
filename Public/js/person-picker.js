// Turns the "Personne suivie" select of the activity form into a combobox that searches as the
// mediator types (WAI-ARIA 1.2 combobox pattern, list autocomplete). Without this script the
// select lists the structure's people and works as is.
//
// The chosen person's id goes in a hidden input named like the select; the text box itself has
// no name, so what is typed is never sent. Searching asks GET <data-search>?q=… (same origin,
// with the session cookie), which answers [{ "id": "…", "label": "…" }].
(function () {
  "use strict";
  var root = document.querySelector("[data-person-picker]");
  if (!root || !window.fetch) return;
  var select = root.querySelector("select");
  var label = root.querySelector("label");
  if (!select || !label) return;

  var searchURL = root.getAttribute("data-search");
  var baseId = select.id;
  var listId = baseId + "-liste";
  var statusId = baseId + "-etat";
  var selected = select.options[select.selectedIndex];

  // The value sent with the form; activity-form.js reads it for "personId=" conditions.
  var hidden = document.createElement("input");
  hidden.type = "hidden";
  hidden.name = select.name;
  hidden.value = selected ? selected.value : "";
  hidden.setAttribute("data-condition-value", "");

  var box = document.createElement("div");
  box.className = "person-picker";

  var input = document.createElement("input");
  input.type = "text";
  input.id = baseId;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "false");
  input.maxLength = 40;
  var described = select.getAttribute("aria-describedby");
  if (described) input.setAttribute("aria-describedby", described);
  if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
  input.value = hidden.value && selected ? selected.text : "";

  var list = document.createElement("ul");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Personnes suivies trouvées");
  list.hidden = true;

  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "person-clear";
  clear.innerHTML = "Effacer<span class=\"visually-hidden\"> la personne suivie choisie</span>";

  var status = document.createElement("p");
  status.id = statusId;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");

  // A word on how to use it, before the hint the server wrote.
  var hint = document.getElementById(baseId + "-aide");
  if (hint) hint.textContent = "Tapez le début de son prénom, puis choisissez-la dans la liste (flèches, puis Entrée). " + hint.textContent;

  box.appendChild(input);
  box.appendChild(clear);
  box.appendChild(list);
  select.parentNode.replaceChild(box, select);
  root.appendChild(hidden);
  root.appendChild(status);
  label.textContent = label.textContent + " : rechercher";

  var results = [];
  var active = -1;
  var timer = null;
  var sequence = 0;
  var chosenLabel = input.value;

  function notify() {
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function open() {
    if (results.length === 0) return close();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var items = list.children;
    for (var i = 0; i < items.length; i++) {
      var on = i === index;
      items[i].setAttribute("aria-selected", on ? "true" : "false");
      items[i].classList.toggle("active", on);
    }
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
      if (items[index].scrollIntoView) items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(people) {
    results = people;
    list.textContent = "";
    people.forEach(function (person, index) {
      var item = document.createElement("li");
      item.id = baseId + "-option-" + index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = person.label;
      // mousedown would blur the text box before the click lands.
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { pick(index); });
      list.appendChild(item);
    });
    if (people.length === 0) {
      status.textContent = "Aucune personne suivie ne correspond.";
      close();
    } else {
      status.textContent = people.length === 1 ? "1 personne trouvée." : people.length + " personnes trouvées.";
      open();
      highlight(-1);
    }
  }

  function pick(index) {
    var person = results[index];
    if (!person) return;
    hidden.value = String(person.id).toLowerCase();
    input.value = person.label;
    chosenLabel = person.label;
    input.removeAttribute("aria-invalid");
    close();
    status.textContent = person.label + " : choisie.";
    notify();
  }

  function unpick() {
    if (hidden.value === "") return;
    hidden.value = "";
    chosenLabel = "";
    notify();
  }

  function search() {
    var text = input.value.trim();
    if (text.length === 0) {
      sequence++;
      results = [];
      close();
      return;
    }
    var mine = ++sequence;
    fetch(searchURL + "?q=" + encodeURIComponent(text.slice(0, 40)), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (people) {
      // An older answer arriving late must not replace a newer one.
      if (mine === sequence && Array.isArray(people)) render(people);
    }).catch(function () {
      if (mine !== sequence) return;
      results = [];
      close();
      status.textContent = "La recherche n'a pas abouti : réessayez dans un instant.";
    });
  }

  input.addEventListener("input", function () {
    // Typing again means looking for someone else: the previous choice no longer holds.
    if (input.value !== chosenLabel) unpick();
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });

  input.addEventListener("keydown", function (event) {
    var count = results.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (list.hidden) { open(); if (!list.hidden) highlight(event.altKey ? -1 : 0); }
        else if (count > 0) highlight((active + 1) % count);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (list.hidden) { open(); if (!list.hidden) highlight(count - 1); }
        else if (count > 0) highlight(active <= 0 ? count - 1 : active - 1);
        break;
      case "Enter":
        // Enter picks the highlighted person; it never sends the form half chosen.
        if (!list.hidden) {
          event.preventDefault();
          if (active >= 0) pick(active);
        }
        break;
      case "Escape":
        if (!list.hidden) { event.preventDefault(); close(); }
        else if (input.value !== "") { event.preventDefault(); input.value = ""; unpick(); }
        break;
      case "Tab":
        close();
        break;
    }
  });

  input.addEventListener("blur", function () { close(); });

  clear.addEventListener("click", function () {
    input.value = "";
    results = [];
    close();
    unpick();
    status.textContent = "Personne anonyme.";
    input.focus();
  });
})();
