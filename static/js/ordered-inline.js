// Rows of an inline put in order by hand (bylines, speakers): drag a row by its handle,
// or use its "move up" and "move down" buttons, which work from the keyboard and say the
// new place to screen readers. The hidden order field of every row always holds the row's
// place on the page, so what is saved is what the editor sees; a new row goes last.
(() => {
  "use strict";

  const t = (text) => (window.gettext ? window.gettext(text) : text);
  const fill = (text, values) => (window.interpolate ? window.interpolate(text, values, true) : text.replace(/%\((\w+)\)s/g, (_, key) => values[key]));

  const SVG = "http://www.w3.org/2000/svg";
  const ICONS = {
    up: "M8 3 2.5 9.5h3.5V13h4V9.5h3.5z",
    down: "M8 13l5.5-6.5H10V3H6v3.5H2.5z",
    grip: "M5 3h2v2H5zm4 0h2v2H9zM5 7h2v2H5zm4 0h2v2H9zm-4 4h2v2H5zm4 0h2v2H9z",
  };

  function icon(name) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.append(path);
    return svg;
  }

  const orderInput = (row) => row.querySelector("input[data-row-order]");

  function rowsOf(group) {
    return Array.from(group.querySelectorAll("tbody > tr.form-row")).filter(
      (row) => !row.classList.contains("empty-form") && orderInput(row),
    );
  }

  function formIndex(row) {
    const match = /-(\d+)$/.exec(row.id || "");
    return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
  }

  // What a row is called in the buttons' names: the chosen author, the speaker's name.
  function nameOf(row, position) {
    for (const field of row.querySelectorAll("td:not(.original):not(.hidden) select, td:not(.original):not(.hidden) input[type=text]")) {
      if (field.tagName === "SELECT") {
        const chosen = field.selectedOptions[0];
        if (field.value && chosen && chosen.textContent.trim()) return chosen.textContent.trim();
      } else if (field.value.trim()) {
        return field.value.trim();
      }
    }
    return fill(t("row %(number)s"), { number: position + 1 });
  }

  function statusOf(group) {
    let status = group.querySelector(".ordered-inline__status");
    if (!status) {
      status = document.createElement("div");
      status.className = "ordered-inline__status";
      status.setAttribute("role", "status");
      group.append(status);
    }
    return status;
  }

  function announce(group, row) {
    const rows = rowsOf(group);
    const place = rows.indexOf(row);
    statusOf(group).textContent = fill(t("%(name)s is now at place %(place)s of %(count)s."), {
      name: nameOf(row, place),
      place: place + 1,
      count: rows.length,
    });
  }

  // Every row's order field takes its place on the page; the buttons are named and
  // enabled accordingly.
  function refresh(group) {
    const rows = rowsOf(group);
    rows.forEach((row, place) => {
      const input = orderInput(row);
      if (input.value !== String(place)) input.value = String(place);
      const name = nameOf(row, place);
      const up = row.querySelector(".ordered-inline__move[data-move='-1']");
      const down = row.querySelector(".ordered-inline__move[data-move='1']");
      if (!up || !down) return;
      up.setAttribute("aria-label", fill(t("Move %(name)s up"), { name }));
      down.setAttribute("aria-label", fill(t("Move %(name)s down"), { name }));
      up.title = t("Move up");
      down.title = t("Move down");
      for (const [button, other, disabled] of [
        [up, down, place === 0],
        [down, up, place === rows.length - 1],
      ]) {
        if (disabled && document.activeElement === button && !other.disabled) other.focus();
        button.disabled = disabled;
      }
    });
  }

  // A row with errors of its own comes with the table row that shows them, just above it.
  function errorsOf(row) {
    const above = row.previousElementSibling;
    return above && above.classList.contains("row-form-errors") ? above : null;
  }

  function putBefore(row, target) {
    const errors = errorsOf(row);
    const at = errorsOf(target) || target;
    if (errors) at.before(errors);
    at.before(row);
  }

  function putAfter(row, target) {
    const errors = errorsOf(row);
    target.after(row);
    if (errors) row.before(errors);
  }

  // Puts `ordered` (all the group's rows) in that order where the rows stand now.
  function place(group, ordered) {
    const rows = rowsOf(group);
    if (!rows.length) return;
    const tbody = rows[0].parentElement;
    const anchor = rows[rows.length - 1].nextElementSibling;
    for (const row of ordered) {
      const errors = errorsOf(row);
      for (const part of errors ? [errors, row] : [row]) {
        if (anchor) anchor.before(part);
        else tbody.append(part);
      }
    }
  }

  function byOrder(a, b) {
    const first = Number.parseInt(orderInput(a).value, 10);
    const second = Number.parseInt(orderInput(b).value, 10);
    const x = Number.isNaN(first) ? Number.MAX_SAFE_INTEGER : first;
    const y = Number.isNaN(second) ? Number.MAX_SAFE_INTEGER : second;
    return x - y || formIndex(a) - formIndex(b);
  }

  function move(group, row, delta) {
    const rows = rowsOf(group);
    const target = rows[rows.indexOf(row) + delta];
    if (!target) return;
    const focused = document.activeElement;
    if (delta < 0) putBefore(row, target);
    else putAfter(row, target);
    if (focused && row.contains(focused)) focused.focus();
    refresh(group);
    announce(group, row);
  }

  function addControls(group, row) {
    if (row.querySelector(".ordered-inline__controls")) return;
    const cell = row.querySelector("td.original") || row.firstElementChild;
    const controls = document.createElement("span");
    controls.className = "ordered-inline__controls";
    const handle = document.createElement("span");
    handle.className = "ordered-inline__handle";
    handle.title = t("Drag to move");
    handle.setAttribute("aria-hidden", "true");
    handle.append(icon("grip"));
    controls.append(handle);
    for (const [delta, name] of [
      [-1, "up"],
      [1, "down"],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ordered-inline__move";
      button.dataset.move = String(delta);
      button.append(icon(name));
      button.addEventListener("click", () => move(group, row, delta));
      controls.append(button);
    }
    cell.append(controls);
    handle.addEventListener("pointerdown", (event) => drag(group, row, event));
    // The autocomplete announces a choice as a jQuery event only.
    const jq = window.django && window.django.jQuery;
    if (jq) jq(row).on("change", () => refresh(group));
    else row.addEventListener("change", () => refresh(group));
  }

  // Dragging follows the pointer (mouse, pen or finger) and moves the row among the others
  // as it passes their middles; the listeners sit on the document so that moving the row,
  // handle and all, does not end the drag.
  function drag(group, row, event) {
    if (event.button !== 0) return;
    event.preventDefault();
    row.classList.add("ordered-inline__dragged");
    const follow = (moved) => {
      const others = rowsOf(group).filter((other) => other !== row);
      const below = others.find((other) => {
        const box = other.getBoundingClientRect();
        return moved.clientY < box.top + box.height / 2;
      });
      if (below) {
        if (row.nextElementSibling !== (errorsOf(below) || below)) putBefore(row, below);
      } else if (others.length && others[others.length - 1].nextElementSibling !== (errorsOf(row) || row)) {
        putAfter(row, others[others.length - 1]);
      }
    };
    const stop = () => {
      document.removeEventListener("pointermove", follow);
      document.removeEventListener("pointerup", stop);
      document.removeEventListener("pointercancel", stop);
      row.classList.remove("ordered-inline__dragged");
      refresh(group);
      announce(group, row);
    };
    document.addEventListener("pointermove", follow);
    document.addEventListener("pointerup", stop);
    document.addEventListener("pointercancel", stop);
  }

  function setUp(group) {
    if (group.dataset.orderedInline) return;
    group.dataset.orderedInline = "true";
    group.classList.add("ordered-inline");
    // Rows stand in the order their order fields give (the page may list them by id).
    const sorted = rowsOf(group).sort(byOrder);
    place(group, sorted);
    for (const row of sorted) addControls(group, row);
    refresh(group);
  }

  function groupOf(element) {
    const group = element.closest(".inline-group");
    return group && group.querySelector("input[data-row-order]") ? group : null;
  }

  function start() {
    for (const input of document.querySelectorAll(".inline-group input[data-row-order]")) {
      const group = groupOf(input);
      if (group) setUp(group);
    }
  }

  document.addEventListener("formset:added", (event) => {
    const row = event.target;
    const group = row && groupOf(row);
    if (!group) return;
    setUp(group);
    addControls(group, row);
    refresh(group);
  });

  // Removing an unsaved row makes Django renumber the remaining rows' fields in page
  // order, while the saved rows must keep the first numbers. Put the rows back in their
  // form order just before Django's handler runs, then in the chosen order again.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a.inline-deletelink");
      const group = link && groupOf(link);
      if (!group) return;
      place(group, rowsOf(group).sort((a, b) => formIndex(a) - formIndex(b)));
      setTimeout(() => {
        place(group, rowsOf(group).sort(byOrder));
        refresh(group);
      }, 0);
    },
    true,
  );

  // Unsaved changes put back into the form (autosave.js) bring their order with them.
  document.addEventListener("placard:restored", () => {
    for (const group of document.querySelectorAll(".ordered-inline")) {
      place(group, rowsOf(group).sort(byOrder));
      for (const row of rowsOf(group)) addControls(group, row);
      refresh(group);
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
