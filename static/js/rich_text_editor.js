// Admin: a small editor on every rich text field (initiatives/editor.py, RichTextEditor), built
// from django-prose-editor's Tiptap bundle with exactly the tools its data-rich-text lists.
// Started here rather than by the package's own preset: that one needs an inline import map,
// and Tiptap would inject a <style> element; the Content Security Policy refuses both. The
// base styles come from css/rich_text_editor.css instead. Without JavaScript the field stays a
// textarea; the server sanitises what comes back either way.
const SELECTOR = "textarea[data-rich-text]";

// Pasted HTML is tidied as text before the editor reads it, the way richtext.py tidies it on
// the server: reading it would apply its style attributes, which the CSP refuses (and reports),
// and Google Docs' <b style="font-weight:normal"> around everything would then read as bold.
// So the styles that mean something become tags first, and every style goes.
const WORD_LIST_MARKER = /<!(?:--)?\[if\s+!supportLists\](?:--)?>[\s\S]*?<!(?:--)?\[endif\](?:--)?>/gi;
const NOT_BOLD_B = /<b\b(?=[^>]*(?:docs-internal-guid|font-weight:\s*(?:normal|[1-4]00)\b))[^>]*>/gi;
const STYLED_SPAN = /<span\b([^>]*)>([^<]*)<\/span>/gi;
const BOLD_STYLE = /font-weight:\s*(?:bold|[6-9]00)\b/i;
const ITALIC_STYLE = /font-style:\s*italic\b/i;
const STYLE_ELEMENT = /<style\b[\s\S]*?<\/style\s*>/gi;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

function tidyPaste(html) {
  return html
    .replace(WORD_LIST_MARKER, "")
    .replace(NOT_BOLD_B, "<span>")
    .replace(STYLED_SPAN, (span, attributes, text) => {
      let tagged = text;
      if (BOLD_STYLE.test(attributes)) tagged = `<strong>${tagged}</strong>`;
      if (ITALIC_STYLE.test(attributes)) tagged = `<em>${tagged}</em>`;
      return tagged === text ? span : tagged;
    })
    .replace(STYLE_ELEMENT, "")
    .replace(STYLE_ATTRIBUTE, "");
}

// The toolbar's and the link dialog's words in the page's language (data-labels, keyed by the
// package's English). Titles and menu options are rebuilt as the selection moves, so this runs
// after every change.
function translate(wrapper, labels) {
  for (const element of wrapper.querySelectorAll("[title]")) {
    const label = labels[element.title];
    if (label) {
      element.title = label;
      element.setAttribute("aria-label", label);
    }
  }
  for (const option of wrapper.querySelectorAll(".prose-menubar__option > *")) {
    const label = labels[option.textContent];
    if (label) option.textContent = label;
  }
}

// Like the package's createTextareaEditor, but without Tiptap's injected <style>.
function start(prose, textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const extensions = Object.entries(JSON.parse(textarea.dataset.richText)).map(
    ([name, options]) => (typeof options === "object" ? prose[name].configure(options) : prose[name])
  );
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = prose.crel("div", { className: disabled ? "prose-editor disabled" : "prose-editor" });
  textarea.before(wrapper);
  wrapper.append(textarea);
  // The textarea is hidden now; its label names the editable area instead.
  const label = textarea.labels.length ? textarea.labels[0].textContent.replace(/:\s*$/, "") : "";
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions: extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: {
      attributes: { role: "textbox", "aria-multiline": "true", "aria-label": label.trim() },
      transformPastedHTML: tidyPaste,
    },
    onCreate({ editor }) {
      const labels = JSON.parse(textarea.dataset.labels);
      translate(wrapper, labels);
      editor.on("transaction", () => translate(wrapper, labels));
    },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty editor still holds one empty paragraph: store nothing instead.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

const first = document.querySelector(SELECTOR);
if (first) {
  // The package's dialogs ask window.gettext when its module loads: answer from data-labels,
  // and leave any other text to the admin's own catalogue if the page has one.
  const labels = JSON.parse(first.dataset.labels);
  const pageGettext = window.gettext;
  window.gettext = (text) => labels[text] || (pageGettext ? pageGettext(text) : text);
  const prose = await import(first.dataset.editorModule);
  prose.initializeEditors((textarea) => start(prose, textarea), SELECTOR);
}
