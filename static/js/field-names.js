// Every control of an edit form gets a name that screen readers announce. Django's admin
// leaves some without one: the fields in the rows of a table of inlines (their label is
// the column's heading), the rows' "delete" boxes, and the autocomplete's box while it is
// empty (it is named by its own text, which is then blank).
(() => {
  "use strict";

  let counter = 0;
  const idOf = (element, stem) => {
    if (!element.id) element.id = `${stem}-${++counter}`;
    return element.id;
  };

  function hasName(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) return true;
    if (control.closest("label")) return true;
    return Boolean(control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`));
  }

  // Fields in a tabular inline: named by their column's heading, and a row's delete box
  // also by what the row holds.
  function nameTableFields(root) {
    for (const table of root.querySelectorAll(".inline-group .tabular table")) {
      const headings = Array.from(table.querySelectorAll("thead th"));
      for (const row of table.querySelectorAll("tbody tr.form-row:not(.empty-form)")) {
        const cells = Array.from(row.children);
        cells.forEach((cell, index) => {
          const heading = headings[index];
          if (!heading || !heading.textContent.trim()) return;
          const controls = cell.querySelectorAll("input:not([type=hidden]), select, textarea");
          for (const control of controls) {
            if (hasName(control) || control.classList.contains("select2-hidden-accessible")) continue;
            const parts = [idOf(heading, "column-heading")];
            const original = row.querySelector("td.original p");
            if (cell.classList.contains("delete") && original) parts.push(idOf(original, "row-title"));
            control.setAttribute("aria-labelledby", parts.join(" "));
          }
        });
      }
    }
  }

  // The autocomplete (select2): its box is named by the field's label and its choice.
  function nameAutocompletes(root) {
    for (const select of root.querySelectorAll("select.admin-autocomplete")) {
      if (select.name.includes("__prefix__")) continue;
      const box = select.parentElement.querySelector(".select2-selection[role=combobox]");
      const rendered = box && box.querySelector(".select2-selection__rendered");
      if (!box || !rendered) continue;
      let label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
      if (!label) {
        const cell = select.closest("td");
        const table = cell && cell.closest("table");
        const heading = table && table.querySelectorAll("thead th")[Array.from(cell.parentElement.children).indexOf(cell)];
        label = heading && heading.textContent.trim() ? heading : null;
      }
      // The chosen text is read through the box's name; on its own it is no field.
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
      if (label) box.setAttribute("aria-labelledby", `${idOf(label, "field-label")} ${idOf(rendered, "autocomplete-choice")}`);
    }
  }

  function nameAll(root) {
    nameTableFields(root);
    nameAutocompletes(root);
  }

  // After the admin's own scripts have set up the autocompletes (jQuery's "ready").
  window.addEventListener("load", () => setTimeout(() => nameAll(document), 0));
  document.addEventListener("formset:added", () => setTimeout(() => nameAll(document), 0));
})();
