// Elements built from text, never from markup: shared by the card's parts (official.js, matches.js),
// loaded before them. window.provenanceDom.el(tag, className, children) makes an element whose string
// children become text nodes (null, undefined, false and "" are left out); .text(value) is "" for
// null/undefined, else String(value).
"use strict";

window.provenanceDom = (function () {
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false || child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function text(value) { return value === null || value === undefined ? "" : String(value); }

  return { el: el, text: text };
})();
