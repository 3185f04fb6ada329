// Suggest existing tags for the last comma-separated entry of a tag field.
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-tag-autocomplete]")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    const names = Array.from(list.options, (option) => option.value);
    input.addEventListener("input", () => {
      const parts = input.value.split(",");
      const last = parts.pop().trim().toLowerCase();
      const head = parts.map((part) => part.trim()).filter(Boolean);
      const prefix = head.length ? head.join(", ") + ", " : "";
      list.replaceChildren(
        ...names
          .filter((name) => !last || name.toLowerCase().startsWith(last))
          .filter((name) => !head.includes(name))
          .slice(0, 50)
          .map((name) => new Option(prefix + name)),
      );
    });
  }
});
