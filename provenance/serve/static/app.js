// The moderator page: uploads files to POST /v1/inspect and renders the JSON reports.
// Reports describe untrusted files, so every value is set with textContent or as a DOM attribute that
// cannot run code; innerHTML is never used. The Content-Security-Policy allows only this script.
"use strict";

(function () {
  var TOKEN_KEY = "provenance.token";
  var THUMB = /^data:image\/jpeg;base64,[A-Za-z0-9+\/]+={0,2}$/;

  var LABELS = {
    origin: {
      ai_generated: "AI-generated", ai_edited: "AI-edited", synthetic: "Synthetic (algorithmic)",
      captured: "Captured", human_made: "Human-made", unknown: "Unknown"
    },
    integrity: {
      intact: "Intact: signature verifies", tampered: "Tampered: no longer verifies",
      credential_expired: "Credential expired", credential_invalid: "Credential invalid",
      malformed: "Malformed manifest", not_signed: "Not signed", remote_unverified: "Remote manifest not fetched",
      unsupported: "Not readable by the C2PA SDK", not_checked: "Not checked"
    },
    trust: {
      trusted: "Trusted signer", untrusted: "Untrusted signer", not_checked: "Signer not checked",
      not_applicable: "Not applicable"
    },
    strength: {
      signed: "Signed manifest", unsigned: "Unsigned: can be forged or stripped", watermark: "Watermark only",
      none: "No evidence"
    },
    identity: { valid: "Valid", invalid: "Invalid: rely on none of it", unverified: "Not verified" },
    identity_trust: {
      trusted: "Issuer trusted", untrusted: "Issuer on no CAWG trust list",
      not_checked: "Issuer not checked (no CAWG trust list)", not_applicable: "Trust not applicable"
    },
    timestamp: {
      trusted: "trusted", untrusted: "untrusted: its authority is on no trust list, the time is only claimed",
      invalid: "invalid: it does not verify", not_checked: "not checked"
    },
    method: {
      x509: "X.509 certificate", identity_claims_aggregation: "Identity claims aggregator",
      unknown: "Unknown kind of credential"
    }
  };
  var TONES = {
    origin: { ai_generated: "ai", ai_edited: "ai", synthetic: "syn", captured: "ok", human_made: "ok", unknown: "unk" },
    integrity: {
      intact: "ok", tampered: "bad", credential_expired: "bad", credential_invalid: "bad", malformed: "bad",
      not_signed: "unk", remote_unverified: "warn", unsupported: "unk", not_checked: "unk"
    },
    trust: { trusted: "ok", untrusted: "bad", not_checked: "warn", not_applicable: "unk" },
    identity: { valid: "ok", invalid: "bad", unverified: "warn" },
    identity_trust: { trusted: "ok", untrusted: "bad", not_checked: "warn", not_applicable: "unk" },
    strength: { signed: "ok", unsigned: "warn", watermark: "warn", none: "unk" }
  };
  var FIELD_NAMES = {
    origin: "Origin", integrity: "Integrity", trust: "Trust", strength: "Evidence", identity: "Identity",
    identity_trust: "Issuer"
  };

  function $(id) { return document.getElementById(id); }

  // A new element with a class and children (strings become text nodes, never markup).
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function text(value) { return value === null || value === undefined ? "" : String(value); }

  function label(field, value) {
    var names = LABELS[field] || {};
    return Object.prototype.hasOwnProperty.call(names, value) ? names[value] : text(value);
  }

  function badge(field, value, extra) {
    var tones = TONES[field] || {};
    var tone = Object.prototype.hasOwnProperty.call(tones, value) ? tones[value] : "unk";
    var node = el("span", "badge tone-" + tone, [
      el("span", "badge-name", [FIELD_NAMES[field] || field]),
      // A list's name may hold parentheses of its own ("interim (legacy)"): never put it in more.
      el("span", "badge-value", [label(field, value) + (extra ? ", " + text(extra) + " list" : "")])
    ]);
    node.setAttribute("data-field", field);
    node.setAttribute("data-value", text(value));
    return node;
  }

  function strengthBadge(value) {
    var tones = TONES.strength;
    var tone = Object.prototype.hasOwnProperty.call(tones, value) ? tones[value] : "unk";
    var node = el("span", "pill tone-" + tone, [text(value)]);
    node.setAttribute("title", label("strength", value));
    return node;
  }

  function toolText(tool) {
    if (!tool) return "";
    return text(tool.name) + (tool.version ? " " + text(tool.version) : "");
  }

  function signerText(signer) {
    if (!signer) return "";
    var parts = [signer.organization, signer.common_name].filter(Boolean).map(text);
    var seen = parts.length === 2 && parts[0] === parts[1] ? [parts[0]] : parts;
    return seen.join(" / ");
  }

  function timestampText(signer) {
    if (!signer) return "";
    var stamp = signer.timestamp;
    if (!stamp) return "none: the certificate is judged against today's clock";
    return [label("timestamp", stamp.status), text(stamp.time), stamp.authority ? "by " + text(stamp.authority) : ""]
      .filter(Boolean).join(", ");
  }

  var VERIFIED_KINDS = {
    "cawg.social_media": "Social media account", "cawg.document_verification": "Document check",
    "cawg.affiliation": "Affiliation", "cawg.crypto_wallet": "Wallet", "cawg.web_site": "Web site"
  };

  // One identity an aggregator verified: kind, provider, handle, address, date; all text nodes.
  function verifiedItem(item) {
    var kind = Object.prototype.hasOwnProperty.call(VERIFIED_KINDS, item.type) ? VERIFIED_KINDS[item.type] : text(item.type);
    var handle = [item.name, item.username, item.address].filter(Boolean).map(text).join(" / ");
    var parts = [el("strong", null, [kind]), item.provider ? " at " + text(item.provider) : "", handle ? ": " + handle : ""];
    if (item.uri) parts.push(" ", el("code", null, [text(item.uri)]));
    if (item.verified_at) parts.push(el("span", "dim", [" (verified " + text(item.verified_at).slice(0, 10) + ")"]));
    return el("li", "verified", parts);
  }

  function identityItem(identity) {
    var how = label("method", identity.method);
    if (identity.issuer) how += (identity.method === "x509" ? " issued by " : ", issuer ") + text(identity.issuer);
    var badges = el("div", "badges", [
      badge("identity", identity.state),
      badge("identity_trust", identity.trust, identity.trust_list)
    ]);
    var item = el("li", "identity", [
      el("div", "identity-who", [el("strong", null, [text(identity.name) || "(no name)"]), " ", el("span", "dim", [how])]),
      badges
    ]);
    item.setAttribute("data-state", text(identity.state));
    if ((identity.verified_identities || []).length) {
      item.appendChild(el("ul", "verified-list", identity.verified_identities.map(verifiedItem)));
    }
    if ((identity.reasons || []).length) {
      item.appendChild(el("ul", "reasons", identity.reasons.map(function (r) { return el("li", null, [text(r)]); })));
    }
    return item;
  }

  function fact(list, name, value) {
    if (!value) return;
    list.appendChild(el("dt", null, [name]));
    list.appendChild(el("dd", null, [value]));
  }

  // The file's own pixels and the thumbnail its Content Credential carries, both labelled: on a file that
  // no longer matches its manifest the two may show different content.
  function thumbnailFigure(preview) {
    var figure = el("figure", "thumb", []);
    [["file", "this file", "Thumbnail of the uploaded file"],
      ["manifest", "in the Content Credential", "Thumbnail stored in the Content Credential"]].forEach(function (kind) {
      var data = preview[kind[0]];
      if (!(typeof data === "string" && THUMB.test(data))) return;
      var img = document.createElement("img");
      img.src = data;
      img.alt = kind[2];
      img.className = "from-" + kind[0];
      figure.appendChild(el("div", "shot", [img, el("span", "caption", [kind[1]])]));
    });
    if (!figure.firstChild) figure.appendChild(el("div", "no-thumb", ["no preview"]));
    return figure;
  }

  // The images of one file: the server's previews, or (an older server) its one thumbnail.
  function previewOf(previews, thumbnails, index) {
    var preview = previews[index];
    if (preview && typeof preview === "object") return preview;
    var thumb = thumbnails[index] || {};
    return thumb.source === "c2pa_manifest" ? { manifest: thumb.data } : { file: thumb.data };
  }

  function statusCodes(codes) {
    var list = el("ul", "codes", []);
    codes.forEach(function (code) {
      list.appendChild(el("li", null, [
        el("code", null, [text(code.code)]),
        code.explanation ? " " + text(code.explanation) : "",
        code.scope === "ingredient" ? el("span", "scope", [" (ingredient)"]) : ""
      ]));
    });
    return list;
  }

  function evidenceTable(items) {
    if (!items.length) {
      return el("p", "empty", ["No evidence: the file declares nothing about its origin (this is not proof it is not AI)."]);
    }
    var table = el("table", "evidence", [
      el("caption", "visually-hidden", ["Evidence the file carries"]),
      el("thead", null, [el("tr", null, [
        el("th", null, ["Meaning"]), el("th", null, ["Where"]), el("th", null, ["Value"]), el("th", null, ["Strength"])
      ])])
    ]);
    var body = el("tbody", null, []);
    items.forEach(function (item) {
      var where = text(item.source) + ": " + text(item.field);
      var raw = el("td", "raw", [text(item.raw)]);
      raw.setAttribute("title", text(item.raw));
      body.appendChild(el("tr", null, [
        el("td", null, [text(item.meaning)]), el("td", "where", [where]), raw, el("td", null, [strengthBadge(item.strength)])
      ]));
    });
    table.appendChild(body);
    return table;
  }

  function ingredientThumb(data, title) {
    if (!(typeof data === "string" && THUMB.test(data))) return "";
    var img = document.createElement("img");
    img.src = data;
    img.className = "ing-thumb";
    img.alt = "Thumbnail of " + (title ? text(title) : "the ingredient") + " stored in the Content Credential";
    return img;
  }

  // thumbs: "<label of the manifest that lists the ingredient>\n<its place in that list>" -> data URI.
  function ingredientNode(item, thumb, thumbs) {
    var codes = item.status_codes || [];
    var state = codes.length ? "validation: " + codes.map(function (c) { return text(c.code); }).join(", ")
      : (item.manifest ? "its manifest reports no validation failure" : "no manifest of its own");
    var line = el("div", "ingredient", [
      ingredientThumb(thumb, item.title),
      el("span", "ing-title", [text(item.title) || "(untitled)"]),
      item.relationship ? el("span", "ing-rel", [text(item.relationship)]) : "",
      badge("origin", item.origin),
      item.tool ? el("span", "ing-tool", ["tool: " + toolText(item.tool)]) : "",
      item.signer ? el("span", "ing-tool", ["signed by " + signerText(item.signer)]) : "",
      el("span", codes.length ? "ing-state warn" : "ing-state", [state]),
      item.repeated ? el("span", "ing-state", ["repeated: its own ingredients are listed above"]) : ""
    ]);
    var li = el("li", null, [line]);
    var children = item.ingredients || [];
    if (children.length) li.appendChild(ingredientList(children, item.manifest, thumbs));
    return li;
  }

  // An input with nothing to show (no title, no manifest, no failure, nothing under it): some tools list
  // dozens, summarised in one line.
  function isBareInput(item) {
    return item.relationship === "inputTo" && !item.title && !item.manifest &&
      !(item.ingredients || []).length && !(item.status_codes || []).length;
  }

  function ingredientList(items, parent, thumbs) {
    var list = el("ul", "tree", []);
    var bare = items.filter(isBareInput);
    if (bare.length > 1) {
      list.appendChild(el("li", null, [el("div", "ingredient", [
        el("span", "ing-title", [bare.length + " untitled inputs"]),
        el("span", "ing-rel", ["inputTo"]),
        el("span", "ing-state", ["no manifest of their own"])
      ])]));
    }
    items.forEach(function (item, index) {
      if (bare.length > 1 && isBareInput(item)) return;
      list.appendChild(ingredientNode(item, thumbs[text(parent) + "\n" + index], thumbs));
    });
    return list;
  }

  function ingredientTree(report, preview) {
    var c2pa = report.c2pa;
    if (!c2pa || !(c2pa.ingredients || []).length) return null;
    var thumbs = {};
    (preview.ingredients || []).forEach(function (t) { thumbs[text(t.manifest) + "\n" + t.index] = t.data; });
    // Plain nested lists: screen readers announce the nesting, and nothing needs arrow-key handling.
    var root = el("ul", "tree root", []);
    root.setAttribute("aria-label", "Ingredient history");
    var title = text(c2pa.title) || text(report.source && report.source.name) || "(untitled)";
    var top = el("li", null, [el("div", "ingredient", [
      ingredientThumb(preview.manifest, title),
      el("span", "ing-title", [title]),
      el("span", "ing-rel", ["this file"]),
      badge("origin", report.verdict.origin)
    ])]);
    var group = ingredientList(c2pa.ingredients, c2pa.active_manifest, thumbs);
    if (c2pa.ingredients_omitted) {
      group.appendChild(el("li", null, [el("div", "ingredient", [el("span", "ing-state",
        ["… and " + c2pa.ingredients_omitted + " more ingredient entries (not listed)"])])]));
    }
    top.appendChild(group);
    root.appendChild(top);
    return root;
  }

  function section(title, content) {
    return el("section", "part", [el("h4", null, [title]), content]);
  }

  var BROKEN = ["tampered", "credential_invalid", "malformed"];

  // A file whose bytes are no media type provenance reads (the server inspected it beside the others).
  function notMedia(report) {
    return !report.error && !(report.source && report.source.media_type) &&
      report.verdict.integrity === "unsupported";
  }

  // The card's accent: red when the file could not be read or its statement no longer holds; an AI origin
  // in its colour; a non-AI origin green only when a trusted signature vouches for it, else amber.
  function accent(report) {
    var v = report.verdict;
    if (report.error || notMedia(report) || BROKEN.indexOf(v.integrity) >= 0) return "bad";
    var tone = TONES.origin[v.origin] || "unk";
    if (tone === "ok" && !(v.integrity === "intact" && v.trust === "trusted")) return "warn";
    return tone;
  }

  function card(report, preview, index) {
    var v = report.verdict;
    var id = "file-" + index;
    var name = text(report.source && report.source.name) || "file " + (index + 1);
    var heading = el("h3", null, [name]);
    heading.id = id;
    var tone = accent(report);
    var article = el("article", "card accent-" + tone, []);
    article.setAttribute("aria-labelledby", id);
    article.setAttribute("data-origin", text(v.origin));
    article.setAttribute("data-accent", tone);

    var size = report.source && typeof report.source.size === "number" ?
      report.source.size.toLocaleString("en") + " bytes" : "";
    if (report.error || notMedia(report)) {
      // An error card: what went wrong and the file's size; no verdict badges, since nothing was read.
      var problem = report.error ? "Could not inspect (" + text(report.error.kind) + "): " + text(report.error.message)
        : "Not a media file: its bytes are no image, video, audio or PDF format provenance reads (decided " +
          "from the bytes, not the name), so it was not checked for provenance. The other files were.";
      var known = el("dl", "facts", []);
      fact(known, "Size", size);
      article.appendChild(el("div", "card-head", [thumbnailFigure(preview), el("div", "card-main", [
        heading, el("p", "error", [problem]), report.error ? el("p", "summary", [text(v.summary)]) : "", known
      ])]));
      return article;
    }
    var badges = el("div", "badges", [
      badge("origin", v.origin),
      badge("integrity", v.integrity),
      badge("trust", v.trust, v.trust_list),
      badge("strength", v.strength)
    ]);
    var facts = el("dl", "facts", []);
    fact(facts, "Tool", toolText(v.tool));
    fact(facts, "Signer", signerText(v.signer));
    fact(facts, "Timestamp", timestampText(v.signer));
    fact(facts, "Media type", text(report.source && report.source.media_type));
    fact(facts, "Size", size);
    var summary = el("p", "summary", [text(v.summary)]);
    var head = el("div", "card-head", [thumbnailFigure(preview), el("div", "card-main", [heading, summary, badges, facts])]);
    article.appendChild(head);

    if ((v.conflicts || []).length) {
      var conflicts = el("ul", null, v.conflicts.map(function (c) { return el("li", null, [text(c)]); }));
      var box = el("div", "conflicts", [el("strong", null, ["Signals disagree:"]), conflicts]);
      box.setAttribute("role", "note");
      article.appendChild(box);
    }
    var parts = window.provenanceParts;  // official.js: the C2PA's own reading, and serve --policy's results
    if (parts) [parts.official(report), parts.policies(report)].forEach(function (p) { if (p) article.appendChild(p); });
    var resembles = window.provenanceMatches ? window.provenanceMatches(report, preview) : null;  // matches.js
    if (resembles) article.appendChild(resembles);
    if ((report.identities || []).length) {
      article.appendChild(section("Identity (CAWG)", el("ul", "identities", report.identities.map(identityItem))));
    }
    if ((v.status_codes || []).length) {
      article.appendChild(section("Validation status codes (from the C2PA SDK)", statusCodes(v.status_codes)));
    }
    // Fingerprint matches are another file's statement: matches.js shows them, not the Evidence table.
    var own = (report.evidence || []).filter(function (e) { return e.strength !== "fingerprint"; });
    article.appendChild(section("Evidence", evidenceTable(own)));
    var generators = report.generators || [];
    if (generators.length) {
      article.appendChild(section("AI generators named in unsigned metadata", el("ul", null, generators.map(function (g) {
        var detail = [g.version, g.model ? "model " + g.model : "", g.prompt_present ? "prompt present" : ""].filter(Boolean).map(text);
        return el("li", null, [text(g.name) + (detail.length ? " (" + detail.join(", ") + ")" : "") + " from " + text(g.source)]);
      }))));
    }
    var detected = (report.watermarks || []).filter(function (w) { return w.detected; });
    if (detected.length) {
      article.appendChild(section("Invisible watermarks detected", el("ul", null, detected.map(function (w) {
        return el("li", null, [text(w.scheme) + " " + text(w.variant) + ": " + w.bits_matched + "/" + w.bits_total + " bits"]);
      }))));
    }
    var tree = ingredientTree(report, preview);
    if (tree) article.appendChild(section("Ingredient history", tree));
    var checks = el("ul", "checks", (report.checks || []).map(function (c) {
      return el("li", null, [text(c.name) + ": " + (c.ran ? "ran" : "did not run") + (c.detail ? " (" + text(c.detail) + ")" : "")]);
    }));
    article.appendChild(el("details", "checks-box", [el("summary", null, ["Checks that ran and did not run"]), checks]));
    return article;
  }

  function setStatus(message, kind) {
    var status = $("status");
    status.textContent = message;
    status.className = kind || "";
  }

  function render(reports, previews, thumbnails) {
    var cards = $("cards");
    while (cards.firstChild) cards.removeChild(cards.firstChild);
    reports.forEach(function (report, i) { cards.appendChild(card(report, previewOf(previews, thumbnails, i), i)); });
    $("results-title").hidden = false;
    $("results").focus();
  }

  function inspect(files) {
    if (!files || !files.length) return;
    var form = new FormData();
    Array.prototype.forEach.call(files, function (f) { form.append("file", f, f.name); });
    var headers = {};
    var token = $("token").value.trim();
    if (token) headers.Authorization = "Bearer " + token;
    setStatus("Inspecting " + files.length + (files.length === 1 ? " file…" : " files…"), "busy");
    document.body.setAttribute("aria-busy", "true");
    send(form, headers, 0);
  }

  // A busy server answers 503 with Retry-After: wait that long and send again, a few times.
  var MAX_RETRIES = 3;

  function send(form, headers, retries) {
    fetch("/v1/inspect?thumbnails=true", { method: "POST", body: form, headers: headers, credentials: "omit" })
      .then(function (response) {
        var wait = parseInt(response.headers.get("Retry-After") || "", 10);
        if (response.status === 503 && retries < MAX_RETRIES && wait >= 0 && wait <= 30) {
          setStatus("The server is busy; trying again in " + wait + " s…", "busy");
          window.setTimeout(function () { send(form, headers, retries + 1); }, wait * 1000);
          return false;
        }
        return response.json().catch(function () { return null; }).then(function (data) {
          if (!response.ok) {
            var message = data && data.message ? data.message : response.statusText;
            setStatus("The server refused the upload (" + response.status + "): " + message, "failed");
            if (response.status === 401) { $("token-box").open = true; $("token").focus(); }
            return true;
          }
          try {
            render(data.reports || [], data.previews || [], data.thumbnails || []);
          } catch (error) {
            console.error(error);
            setStatus("The page could not show the reports: " + error, "failed");
            return true;
          }
          setStatus("Inspected " + data.reports.length + (data.reports.length === 1 ? " file." : " files."), "done");
          return true;
        });
      }, function () { setStatus("Could not reach the server.", "failed"); return true; })
      .then(function (finished) { if (finished) document.body.removeAttribute("aria-busy"); });
  }

  function showServer(health) {
    var mb = (health.max_upload_bytes / (1024 * 1024));
    $("limits").textContent = "Up to " + health.max_files + " files and " + (mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)) +
      " MB per upload; " + health.timeout_s + " s per request.";
    $("server-info").textContent = "provenance " + text(health.version) + " · C2PA SDK " + text(health.c2pa_sdk) +
      " · network " + (health.network_allowed ? "allowed" : "off (remote manifests are not fetched)") +
      " · trust lists " + (health.trust_configured ? "configured" : "not configured: signers are not checked");
    if (health.token_required) $("token-box").open = true;
  }

  function init() {
    var input = $("file"), zone = $("dropzone"), token = $("token");
    try { token.value = window.sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { /* storage disabled */ }
    token.addEventListener("input", function () {
      try { window.sessionStorage.setItem(TOKEN_KEY, token.value); } catch (e) { /* storage disabled */ }
    });
    input.addEventListener("change", function () { inspect(input.files); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer) inspect(e.dataTransfer.files);
    });
    // A file dropped beside the zone must not make the browser navigate away to it.
    window.addEventListener("dragover", function (e) { e.preventDefault(); });
    window.addEventListener("drop", function (e) { e.preventDefault(); });
    fetch("/v1/health", { credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (health) { if (health) showServer(health); })
      .catch(function () { /* the page still works without it */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
