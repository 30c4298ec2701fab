// Admin: a box for a short text with a limit (catalogue/editor.py, CountedTextarea) says how
// many characters are left as the editor types. Without JavaScript its help text gives the
// limit and the browser keeps to it (maxlength).
//
// What is shown changes at every key; what a screen reader hears (a polite live region) only
// once the typing pauses, so it does not talk over every letter.
const PAUSE_MS = 1000;

function countDown(box) {
  const [one, more] = JSON.parse(box.dataset.countLeft);
  const shown = document.createElement("div");
  shown.className = "help character-count";
  shown.id = `${box.id}_count`;
  shown.setAttribute("aria-hidden", "true"); // read as the box's description instead
  const heard = document.createElement("div");
  heard.className = "visually-hidden";
  heard.setAttribute("aria-live", "polite");
  // Under the box and its help text, lined up with them as the admin lines up help text.
  const help = document.getElementById(`${box.id}_helptext`);
  (help || box.closest(".flex-container") || box).after(shown, heard);
  const described = box.getAttribute("aria-describedby");
  box.setAttribute("aria-describedby", described ? `${described} ${shown.id}` : shown.id);

  const left = () => {
    const count = Math.max(box.maxLength - box.value.length, 0);
    return (count === 1 ? one : more).replace("%(count)s", count);
  };
  let pause;
  shown.textContent = left();
  box.addEventListener("input", () => {
    shown.textContent = left();
    clearTimeout(pause);
    pause = setTimeout(() => {
      heard.textContent = shown.textContent;
    }, PAUSE_MS);
  });
}

for (const box of document.querySelectorAll("textarea[data-count-left][maxlength]")) {
  countDown(box);
}
