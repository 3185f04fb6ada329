// The admin's rich-text editor, made usable: named by its field's label for screen readers
// (the label points at the hidden textarea the editor replaces), focused by a click on that
// label, and as tall as the textarea's "rows" asks.
(() => {
  "use strict";

  let counter = 0;

  function labelFor(textarea) {
    if (!textarea.id) return null;
    return document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
  }

  function describe(editable, textarea) {
    const label = labelFor(textarea);
    editable.setAttribute("role", "textbox");
    editable.setAttribute("aria-multiline", "true");
    if (label) {
      if (!label.id) label.id = `${textarea.id || `richtext-${++counter}`}-label`;
      editable.setAttribute("aria-labelledby", label.id);
    } else if (textarea.name) {
      editable.setAttribute("aria-label", textarea.name);
    }
    const help = textarea.id && document.getElementById(`${textarea.id}_helptext`);
    if (help) editable.setAttribute("aria-describedby", help.id);
    return label;
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail || {};
    if (!editor || !textarea) return;
    const editable = editor.view.dom;
    const wrapper = textarea.closest(".prose-editor");
    const rows = Number.parseInt(textarea.getAttribute("rows"), 10);
    if (wrapper && rows > 0) wrapper.style.setProperty("--richtext-rows", String(rows));
    const label = describe(editable, textarea);
    if (label) {
      label.addEventListener("click", (click) => {
        click.preventDefault();
        editor.commands.focus();
      });
    }
  });
})();
