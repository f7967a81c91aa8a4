// The card's "Resembles" part (serve --index): the files this one resembles in the server's manifest
// repository, best first, each with the original's thumbnail (the one its stored Content Credential
// carries, when there is one) beside the uploaded file's, how far the fingerprints are, what the original's
// credentials said when it was indexed, and whether they still verify on their own. A match is a lead to
// another file's statement, never this file's own: the part says so. Loaded before app.js, which calls
// window.provenanceMatches(report, preview). Every value is set as text, never as markup.
"use strict";

(function () {
  var THUMB = /^data:image\/jpeg;base64,[A-Za-z0-9+\/]+={0,2}$/;
  var CREDENTIAL_TONES = { verified: "ok", expired: "warn", failed: "bad", unreadable: "bad" };

  var el = window.provenanceDom.el;
  var text = window.provenanceDom.text;

  function shot(data, caption, alt, className) {
    if (!(typeof data === "string" && THUMB.test(data))) {
      return el("div", "shot", [el("div", "no-thumb", ["no thumbnail"]), el("span", "caption", [caption])]);
    }
    var img = document.createElement("img");
    img.src = data;
    img.alt = alt;
    img.className = className;
    return el("div", "shot", [img, el("span", "caption", [caption])]);
  }

  function said(original) {
    if (!original) return "";
    var words = text(original.origin).replace(/_/g, "-");
    if (original.tool) words += ', with "' + text(original.tool) + '"';
    if (original.signer) words += ', signed by "' + text(original.signer) + '"';
    return words;
  }

  function distances(match) {
    var list = (match.distances || []).map(function (d) {
      return text(d.alg) + " " + text(d.distance) + "/" + text(d.bits) + " (a match at most " + text(d.threshold) + ")";
    });
    if (!list.length && typeof match.similarity === "number") list.push("similarity " + match.similarity + "/100");
    return list.join(", ") + (match.weak ? "; a plain or noisy picture: the fingerprint says little" : "");
  }

  function matchItem(match, fileThumb, originalThumb, index) {
    var facts = el("dl", "facts", []);
    function fact(name, value) {
      if (!value) return;
      facts.appendChild(el("dt", null, [name]));
      facts.appendChild(el("dd", null, [value]));
    }
    fact("Distance", distances(match));
    fact("Its credentials said", said(match.original));
    if (match.indexed_at) fact("Indexed", text(match.indexed_at).slice(0, 10));
    var credentials = match.credentials;
    var today = null;
    if (credentials) {
      today = el("p", "tone-text-" + (CREDENTIAL_TONES[credentials.state] || "unk"), [text(credentials.summary)]);
    }
    var figure = el("figure", "thumb match-thumbs", [
      shot(fileThumb, "this file", "Thumbnail of the uploaded file", "from-file"),
      shot(originalThumb, "the indexed original", "Thumbnail in the original's Content Credential", "from-original")
    ]);
    var name = text(match.path || match.manifest_id || match.source);
    var item = el("li", "match", [figure, el("div", "match-main", [
      el("p", "match-name", [String(index + 1) + ". " + name]), facts, today
    ])]);
    item.setAttribute("data-match", String(index));
    return item;
  }

  window.provenanceMatches = function (report, preview) {
    var matches = report.matches || [];
    if (!matches.length) return null;
    var originals = (preview && preview.matches) || [];
    var note = el("p", "match-note", ["Fingerprint matches: files in this server's repository whose pictures " +
      "look like this one. What their credentials said is a lead to check, not this file's own statement."]);
    var list = el("ol", "matches", matches.map(function (m, i) {
      return matchItem(m, preview && preview.file, originals[i], i);
    }));
    return el("section", "part resembles", [el("h4", null, ["Resembles"]), note, list]);
  };
})();
