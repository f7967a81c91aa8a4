// The card's parts for the C2PA's own reading of a file and for labelling policies, loaded before app.js,
// which calls window.provenanceParts.official(report) and .policies(report):
// - "C2PA signals": the official signals the active manifest claims (id and report text), those of its
//   ingredients' manifests, and the Conforming Products List's word on the signer;
// - "Policies" (serve --policy): each policy's rules, failures first with why and the clause, the rules
//   that passed or do not apply folded into one line each.
// Every value is set as text (textContent), never as markup: report texts and rule names can hold anything.
"use strict";

(function () {
  var AI_SIGNALS = ["fullyGenAIMedia", "partlyGenAICreation", "compositionMayContainGenAI",
    "screenCaptureMayContainGenAI", "perceptibleGenAI", "perceptiblePossiblyGenAI"];
  var CAPTURE_SIGNALS = ["capturedMedia", "capturedMediaStitched"];
  var PRODUCT_TONES = { conforming: "ok", not_listed: "unk", version_below_minimum: "warn", version_unknown: "warn",
    not_conformant: "bad" };

  var el = window.provenanceDom.el;
  var text = window.provenanceDom.text;

  function signalTone(id) {
    return AI_SIGNALS.indexOf(id) >= 0 ? "ai" : CAPTURE_SIGNALS.indexOf(id) >= 0 ? "ok" : "unk";
  }

  function signalChip(id) {
    var chip = el("code", "signal tone-" + signalTone(id), [text(id)]);
    chip.setAttribute("data-signal", text(id));
    return chip;
  }

  function section(title, className, children) {
    return el("section", "part " + className, [el("h4", null, [title])].concat(children));
  }

  function official(report) {
    var signals = report.c2pa_signals, product = report.conforming_product;
    if (!signals && !product) return null;
    var rows = [];
    if (signals) {
      var claimed = signals.signals || [];
      rows.push(claimed.length ? el("ul", "signals", claimed.map(function (s) {
        return el("li", null, [signalChip(s.id), s.text ? el("span", "dim", [" " + text(s.text)]) : ""]);
      })) : el("p", "empty", ["The active manifest claims no official signal."]));
      var seen = {};
      (signals.other_manifests || []).forEach(function (m) { (m.signals || []).forEach(function (id) { seen[id] = true; }); });
      var others = Object.keys(seen);
      if (others.length) {
        var line = el("p", "other-signals", [el("span", "dim", ["Its ingredients' manifests claim "])]);
        others.forEach(function (id, i) {
          if (i) line.appendChild(document.createTextNode(", "));
          line.appendChild(signalChip(id));
        });
        rows.push(line);
      }
    }
    if (product) {
      var tone = (product.disallowed_claimed || []).length ? "bad" : PRODUCT_TONES[product.status] || "unk";
      var summary = el("span", "product-summary tone-text-" + tone, [text(product.summary)]);
      var p = el("p", "product", [el("span", "dim", ["Conforming product: "]), summary]);
      p.setAttribute("data-status", text(product.status));
      rows.push(p);
    }
    if (signals) {
      rows.push(el("p", "rubric dim", ["The C2PA's own reading, by its " + text(signals.rubric) + " " +
        text(signals.version) + "."]));
    }
    return section("C2PA signals", "official", rows);
  }

  var OUTCOME = { failed: "Failed", not_checked: "Not checked", passed: "Passed", not_applicable: "Not applicable" };

  function policy(result) {
    var rules = result.rules || [];
    var counts = {};
    rules.forEach(function (r) { counts[r.status] = (counts[r.status] || 0) + 1; });
    var errors = rules.some(function (r) { return r.status === "failed" && r.severity === "error"; });
    var tone = errors ? "bad" : counts.failed ? "warn" : "ok";
    var said = ["failed", "not_checked", "passed", "not_applicable"].filter(function (s) { return counts[s]; })
      .map(function (s) { return counts[s] + " " + OUTCOME[s].toLowerCase(); }).join(", ");
    var box = el("div", "policy", [el("p", "policy-head", [el("strong", null, [text(result.policy)]), " ",
      el("span", "tone-text-" + tone, [said || "no rules"])])]);
    box.setAttribute("data-policy", text(result.policy));
    var list = el("ul", "rules", []);
    rules.forEach(function (r) {
      if (r.status !== "failed" && r.status !== "not_checked") return;
      var word = r.status === "failed" ? (r.severity === "error" ? "bad" : "warn") : "warn";
      var item = el("li", "rule", [
        el("span", "pill tone-" + word, [OUTCOME[r.status]]), " ",
        el("strong", null, [text(r.rule)]), el("span", "dim", [" (" + text(r.severity) + ")"]),
        r.why ? ": " + text(r.why) : "",
        r.clause ? el("span", "clause", [text(r.clause)]) : ""
      ]);
      item.setAttribute("data-rule", text(r.rule));
      item.setAttribute("data-status", text(r.status));
      list.appendChild(item);
    });
    ["passed", "not_applicable"].forEach(function (status) {
      var names = rules.filter(function (r) { return r.status === status; }).map(function (r) { return text(r.rule); });
      if (!names.length) return;
      var item = el("li", "folded", [el("span", "pill tone-" + (status === "passed" ? "ok" : "unk"), [OUTCOME[status]]),
        " " + names.join(", ")]);
      item.setAttribute("data-status", status);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function policies(report) {
    var results = report.policies || [];
    if (!results.length) return null;
    return section("Policies", "policies", results.map(policy));
  }

  window.provenanceParts = { official: official, policies: policies };
})();
