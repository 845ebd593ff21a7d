// The team sheet's name boxes: accent- and case-insensitive suggestions from the row's squad,
// as an ARIA combobox. Without this script the boxes keep their native <datalist> suggestions
// and the server matches names the same way, so nothing depends on it.
(function () {
  "use strict";

  const LIMIT = 8;
  const FOLD = { "ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe" };

  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[łøđıßæœ]/g, (ch) => FOLD[ch])
      .replace(/['’`´]/g, "")
      .replace(/[\s.\-_]+/g, " ")
      .trim();
  }

  function squadOf(list) {
    return Array.from(list.options).map((option) => ({
      name: option.value,
      team: option.dataset.team || "",
      folded: fold(option.value),
    }));
  }

  function setUp(input, squad) {
    const box = document.createElement("ul");
    box.id = input.id + "-options";
    box.className = "sheet-options";
    box.setAttribute("role", "listbox");
    box.setAttribute("aria-label", "Players");
    box.hidden = true;
    input.removeAttribute("list");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    input.after(box);
    let shown = [];
    let active = -1;

    function close() {
      box.hidden = true;
      shown = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.from(box.children).forEach((item, i) => {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", box.id + "-" + index);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      if (index >= 0 && index < shown.length) {
        input.value = shown[index].name;
      }
      close();
    }

    function open() {
      const wanted = fold(input.value);
      box.replaceChildren();
      shown = wanted
        ? squad
            .filter((player) => player.folded.includes(wanted))
            .sort((a, b) => a.folded.indexOf(wanted) - b.folded.indexOf(wanted))
            .slice(0, LIMIT)
        : [];
      if (!shown.length || (shown.length === 1 && shown[0].name === input.value)) {
        close();
        return;
      }
      shown.forEach((player, index) => {
        const item = document.createElement("li");
        item.id = box.id + "-" + index;
        item.setAttribute("role", "option");
        item.textContent = player.name + " ";
        const team = document.createElement("span");
        team.className = "sheet-team";
        team.textContent = player.team;
        item.append(team);
        // mousedown, not click: the box must not lose focus (and close) first.
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(index);
        });
        box.append(item);
      });
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(0);
    }

    // A name nobody in the squad has: ask at once whether he is a new player of this team,
    // so the sheet still saves in one go.
    const confirmBox = input.closest("td").querySelector(".sheet-new");
    function offerNewPlayer() {
      if (!confirmBox) {
        return;
      }
      const wanted = fold(input.value);
      const known = !wanted || squad.some((player) => player.folded.includes(wanted));
      const ticked = confirmBox.querySelector("input").checked;
      confirmBox.hidden = known && !ticked;
    }

    input.addEventListener("input", open);
    input.addEventListener("change", offerNewPlayer);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && shown.length) {
        event.preventDefault();
        highlight((active + 1) % shown.length);
      } else if (event.key === "ArrowUp" && shown.length) {
        event.preventDefault();
        highlight((active - 1 + shown.length) % shown.length);
      } else if (event.key === "Enter") {
        // Enter picks the highlighted player; it never submits the sheet from a name box.
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape" && !box.hidden) {
        event.preventDefault();
        close();
      }
    });
  }

  // After a refused save, start from the list of what to fix (each links to its box).
  const summary = document.getElementById("sheet-errors");
  if (summary) {
    summary.focus();
  }

  document.querySelectorAll("#team-sheet datalist").forEach((list) => {
    const squad = squadOf(list);
    document.querySelectorAll('input[list="' + list.id + '"]').forEach((input) => {
      setUp(input, squad);
    });
  });
})();
