// Layout check of the browser tests (balai/conftest.py runs it after every page load and inside
// every axe() audit). Test code only: it is not a static file and never reaches users.
//
// Returns a list of problems {kind, selector, text, detail}:
// - "word-broken": a word laid out over two or more lines at a place that is not a hyphen or a
//   slash, i.e. its box is narrower than the word and overflow-wrap/word-break cut it (the
//   receipt that printed every amount one character a line);
// - "text-overflows-box": a word sticking out of the block that holds it (a box narrower than
//   its longest word, without a break);
// - "amount-broken": an amount shown as a value (the whole text of its element: a table cell, a
//   <dd>) laid out over two lines ("Rp" / "333.800"); an amount inside a sentence may wrap;
// - "page-overflow": the page is wider than the viewport (it scrolls sideways); names the
//   elements that stick out while their parent does not;
// - "text-clipped": text cut off by overflow: hidden/clip (text-overflow too), and
//   "text-scrolls": text hidden in a box that scrolls, where scrolling was not allowed.
// Allowed on purpose, by class only: a box with class "table-scroll" may scroll sideways (a wide
// table on a phone); text inside "breakable" (or the TOTP ".secret") may break anywhere (long
// codes, URLs).
() => {
  const SCROLL_OK = ".table-scroll";
  const BREAK_OK = ".breakable, .secret";
  const SKIP = "script, style, noscript, template, select, option, textarea, svg, title";
  const BREAK_AFTER = "-/\u2010\u2011\u2013\u2014\u00ad\u200b";
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const problems = [];
  const seen = new Set();

  const selectorOf = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${e.id}`); break; }
      const classes = [...e.classList].slice(0, 2);
      if (classes.length) s += "." + classes.join(".");
      const parent = e.parentElement;
      if (parent && e.localName !== "body") {
        const same = [...parent.children].filter((c) => c.localName === e.localName);
        if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(s);
      if (e.localName === "body") break;
    }
    return parts.join(" > ");
  };
  const snippet = (text) => {
    const t = (text || "").replace(/\s+/g, " ").trim();
    return t.length > 80 ? t.slice(0, 77) + "…" : t;
  };
  const add = (kind, el, text, detail) => {
    const selector = selectorOf(el);
    const key = `${kind}|${selector}|${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ kind, selector, text: snippet(text), detail });
  };

  // Visually hidden helpers (1×1 px, clipped) and unrendered boxes are not checked.
  const hiddenCache = new Map();
  const hidden = (el) => {
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    let result = !el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
    if (!result) {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      result = (s.clip && s.clip !== "auto") || (s.clipPath && s.clipPath !== "none")
        || (r.width <= 1 && r.height <= 1 && s.overflow !== "visible");
      if (!result && el.parentElement && el.parentElement !== document.body) result = hidden(el.parentElement);
    }
    hiddenCache.set(el, result);
    return result;
  };
  const isBlockContainer = (el) => {
    const d = getComputedStyle(el).display;
    return !(d === "inline" || d === "contents");
  };
  const blockOf = (el) => {
    let e = el;
    while (e && e !== document.body && !isBlockContainer(e)) e = e.parentElement;
    return e || document.body;
  };
  const rectsOf = (range) => [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  const lineCount = (rects) => {
    const tops = rects.map((r) => [r.top, r.height]).sort((a, b) => a[0] - b[0]);
    let lines = 0, last = null;
    for (const [top, height] of tops) {
      if (last === null || top > last + height / 2) { lines++; last = top; }
    }
    return lines;
  };
  // Where a word that spans lines was cut: -1 if only after a hyphen or slash (a normal break).
  const badBreak = (node, start, word) => {
    const range = document.createRange();
    let prev = null;
    for (let i = 0; i < word.length; i++) {
      range.setStart(node, start + i);
      range.setEnd(node, start + i + 1);
      const rects = rectsOf(range);
      if (!rects.length) continue;
      const top = rects[0].top;
      if (prev !== null && top > prev.top + prev.height / 2 && !BREAK_AFTER.includes(word[i - 1])) return i;
      prev = { top, height: rects[0].height };
    }
    return -1;
  };
  const contentWidth = (el) => {
    const s = getComputedStyle(el);
    return Math.round(el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight));
  };

  const textNodes = (within) => {
    const nodes = [];
    const walker = document.createTreeWalker(within, NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        if (!/\S/.test(n.data)) return NodeFilter.FILTER_REJECT;
        const p = n.parentElement;
        if (!p || p.closest(SKIP) || hidden(p)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    return nodes;
  };

  // (a) words broken inside, or sticking out of their block
  const range = document.createRange();
  for (const node of textNodes(document.body)) {
    const parent = node.parentElement;
    const block = blockOf(parent);
    const blockStyle = getComputedStyle(block);
    const blockRect = block.getBoundingClientRect();
    const mayBreak = parent.closest(BREAK_OK) !== null;
    for (const match of node.data.matchAll(/\S+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = rectsOf(range);
      if (!rects.length) continue;
      if (!mayBreak && lineCount(rects) > 1 && badBreak(node, match.index, match[0]) > 0) {
        const width = Math.round(rects.reduce((sum, r) => sum + r.width, 0));
        add("word-broken", parent, match[0],
            `"${snippet(match[0])}" is cut over ${lineCount(rects)} lines: it needs ${width}px, its box has ${contentWidth(block)}px`);
      }
      if (blockStyle.overflowX === "visible") {
        const right = Math.max(...rects.map((r) => r.right));
        const left = Math.min(...rects.map((r) => r.left));
        if (right > blockRect.right + 1 || left < blockRect.left - 1) {
          add("text-overflows-box", parent, match[0],
              `"${snippet(match[0])}" reaches ${Math.round(left)}–${Math.round(right)}px, outside its box `
              + `${selectorOf(block)} (${Math.round(blockRect.left)}–${Math.round(blockRect.right)}px)`);
        }
      }
    }
  }

  // (a') amounts (values, not words of a sentence) split between "Rp" and the number
  const squash = (t) => t.replace(/\s+/g, " ").trim();
  for (const node of textNodes(document.body)) {
    if (!/^[-\u2212]?Rp[\s\u00a0]*[-\u2212]?\d[\d.,]*$/.test(squash(node.parentElement.textContent))) continue;
    for (const match of node.data.matchAll(/Rp[\s\u00a0]*[-\u2212]?\d(?:[\d.,]*\d)?/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = rectsOf(range);
      if (rects.length && lineCount(rects) > 1) {
        add("amount-broken", node.parentElement, match[0], `"${match[0]}" is laid out over ${lineCount(rects)} lines`);
      }
    }
  }

  // (b) the page wider than the viewport: the elements that stick out while their parent fits
  const clippedByAncestor = (el) => {
    for (let e = el.parentElement; e && e !== document.body && e !== root; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") return true;
    }
    return false;
  };
  if (root.scrollWidth > viewport) {
    const offenders = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest(SKIP) || hidden(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right <= viewport + 0.5 || clippedByAncestor(el)) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > viewport + 0.5) continue;
      offenders.push([r.right, el]);
    }
    offenders.sort((a, b) => b[0] - a[0]);
    if (!offenders.length) offenders.push([root.scrollWidth, document.body]);
    for (const [right, el] of offenders.slice(0, 3)) {
      add("page-overflow", el, el.innerText || el.textContent || "",
          `the page is ${root.scrollWidth}px wide in a ${viewport}px viewport; this element reaches ${Math.round(right)}px`);
    }
  }

  // (c) text cut off by a box that hides (or scrolls without being allowed to) its overflow
  for (const el of [document.body, ...document.body.querySelectorAll("*")]) {
    if (el.closest(SKIP) || el.matches("input, button, img, video, canvas, iframe") || hidden(el)) continue;
    const s = getComputedStyle(el);
    const clipsX = s.overflowX !== "visible", clipsY = s.overflowY !== "visible";
    if (!clipsX && !clipsY) continue;
    const overX = clipsX && el.scrollWidth > el.clientWidth + 1;
    const overY = clipsY && el.scrollHeight > el.clientHeight + 1;
    if (!overX && !overY) continue;
    const scrolls = ["auto", "scroll"].includes(overX ? s.overflowX : s.overflowY);
    if (scrolls && el.matches(SCROLL_OK)) continue;
    const r = el.getBoundingClientRect();
    const box = { left: r.left + el.clientLeft, top: r.top + el.clientTop };
    box.right = box.left + el.clientWidth;
    box.bottom = box.top + el.clientHeight;
    for (const node of textNodes(el)) {
      range.selectNodeContents(node);
      const outside = rectsOf(range).some((t) => (overX && (t.right > box.right + 1 || t.left < box.left - 1))
                                                  || (overY && (t.bottom > box.bottom + 1 || t.top < box.top - 1)));
      if (outside) {
        add(scrolls ? "text-scrolls" : "text-clipped", el, node.data,
            `overflow ${s.overflowX}/${s.overflowY}: content ${el.scrollWidth}×${el.scrollHeight}px `
            + `in a ${el.clientWidth}×${el.clientHeight}px box`);
        break;
      }
    }
  }
  return problems;
}
