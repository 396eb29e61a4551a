// The article page: select a statement (a highlighted passage, or its entry in the
// list) to see its details. Plain DOM; every value goes in through textContent.
(function () {
  "use strict";
  var dataEl = document.getElementById("statements-data");
  if (!dataEl) { return; }
  var statements = JSON.parse(dataEl.textContent || "[]");
  var text = document.getElementById("article-text");
  var buttons = Array.prototype.slice.call(document.querySelectorAll(".stmt-btn"));
  var current = -1;

  function set(id, value) {
    var el = document.getElementById(id);
    el.textContent = (value === null || value === undefined || value === "") ? "—" : String(value);
    return el;
  }

  function show(i) {
    var st = statements[i];
    if (!st) { return; }
    current = i;
    document.getElementById("detail-empty").hidden = true;
    document.getElementById("detail-body").hidden = false;
    var stance = set("d-stance", st.stance);
    stance.className = "stance stance-" + (/^(assert|deny|hedge|question|criticize)$/.test(st.stance) ? st.stance : "other");
    set("d-kind", st.kind);
    set("d-content", st.content);
    var sp = st.speaker || {};
    var link = set("d-speaker", sp.name);
    if (sp.id !== null && sp.id !== undefined) {
      link.setAttribute("href", "/speakers/" + encodeURIComponent(sp.uid || sp.name));
    } else {
      link.removeAttribute("href");
    }
    set("d-speaker-kind", sp.kind ? "(" + sp.kind + (sp.anonymous ? ", anonymous" : "") + ")" : "");
    set("d-mention", sp.text ? "“" + sp.text + "”" : "not named in this sentence");
    var how = sp.resolved_by || "";
    if (sp.antecedent) { how += " → “" + sp.antecedent + "”"; }
    set("d-resolved", how);
    var cue = st.cue || {};
    set("d-cue", cue.text ? "“" + cue.text + "”" + (cue["class"] ? " (" + cue["class"] + ")" : "") : "");
    set("d-hedges", st.hedges && st.hedges.length ? st.hedges.join(", ") : "none");
    var ev = (st.evidence || "none").replace(/_/g, " ");
    if (st.evidence_text && st.evidence_text.length) { ev += ": " + st.evidence_text.join("; "); }
    set("d-evidence", ev);
    set("d-confidence", st.confidence);
    var pid = st.proposition_uid || st.proposition_id;
    var prop = set("d-prop", pid === null || pid === undefined ? "" : pid);
    if (st.proposition_dispute && st.proposition_uid) {
      prop.setAttribute("href", "/disputes/" + encodeURIComponent(st.proposition_uid));
    } else {
      prop.removeAttribute("href");
    }
    // The statement's permalink: this page with #statement-<its id in the reading>.
    if (window.history && history.replaceState) {
      history.replaceState(null, "", "#statement-" + encodeURIComponent(st.ext_id || st.id));
    }
    var panel = document.getElementById("detail");
    panel.classList.add("open");

    var marked = text.querySelectorAll(".hl");
    for (var k = 0; k < marked.length; k++) {
      var ids = (marked[k].getAttribute("data-st") || "").split(" ");
      marked[k].classList.toggle("selected", ids.indexOf(String(i)) !== -1);
    }
    buttons.forEach(function (b) {
      var on = Number(b.getAttribute("data-index")) === i;
      b.classList.toggle("active", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function reveal(i) {
    var first = text.querySelector('.hl.selected');
    if (first) { first.scrollIntoView({block: "center", behavior: "smooth"}); }
  }

  text.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest(".hl") : null;
    if (!el) { return; }
    var ids = (el.getAttribute("data-st") || "").split(" ").map(Number);
    // Clicking again where statements overlap cycles through them.
    var pos = ids.indexOf(current);
    show(pos === -1 ? ids[0] : ids[(pos + 1) % ids.length]);
  });
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      show(Number(b.getAttribute("data-index")));
      reveal();
    });
  });

  var close = document.getElementById("detail-close");
  if (close) {
    close.addEventListener("click", function () {
      document.getElementById("detail").classList.remove("open");
    });
  }

  // #statement-S3 (its id in the reading, stable) or #statement-42 (its row id).
  var m = /^#statement-(.+)$/.exec(window.location.hash);
  if (m) {
    var want = decodeURIComponent(m[1]);
    for (var j = 0; j < statements.length; j++) {
      var st = statements[j];
      if (String(st.ext_id) === want || String(st.id) === want || String(st.uid) === want) {
        show(j); reveal(); break;
      }
    }
  }
})();
