// The image admin's focal point: a click on the preview sets the two percentage fields,
// and typing in the fields moves the marker. Without this script the fields still work.
document.addEventListener("DOMContentLoaded", () => {
  const frame = document.querySelector("[data-focal-point]");
  const across = document.getElementById("id_focal_x");
  const down = document.getElementById("id_focal_y");
  if (!frame || !across || !down) return;
  const image = frame.querySelector(".focal-point__image");
  const marker = frame.querySelector(".focal-point__marker");

  const percent = (value) => Math.min(100, Math.max(0, Math.round(Number(value) || 0)));
  const place = () => {
    marker.style.left = `${percent(across.value)}%`;
    marker.style.top = `${percent(down.value)}%`;
  };

  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    if (!box.width || !box.height) return;
    across.value = percent(((event.clientX - box.left) / box.width) * 100);
    down.value = percent(((event.clientY - box.top) / box.height) * 100);
    for (const field of [across, down]) {
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
    place();
  });
  across.addEventListener("input", place);
  down.addEventListener("input", place);

  // On the add form the preview shows the chosen file before it is uploaded.
  const upload = document.getElementById("id_file");
  if (upload && frame.hidden) {
    upload.addEventListener("change", () => {
      const file = upload.files && upload.files[0];
      if (!file) return;
      if (image.src) URL.revokeObjectURL(image.src);
      image.src = URL.createObjectURL(file);
      image.alt = "Preview of the chosen file: click on it to set the focal point.";
      frame.hidden = false;
      const note = frame.parentElement.querySelector(".focal-point__empty");
      if (note) note.hidden = true;
    });
  }
  place();
});
