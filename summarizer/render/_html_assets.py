"""The fixed style sheet and script of the HTML page (inline: the page loads nothing from anywhere)."""

from __future__ import annotations

import base64
import hashlib

__all__ = ["BASE_STYLE", "NEUTRAL_COLOUR", "PALETTE", "SCRIPT", "STYLE", "page_head"]


def page_head(title: str, style: str, script: str) -> str:
    """The page up to its body: a policy that lets run only this ``style`` and ``script`` (by their hashes)
    and load nothing, and the escaped ``title``."""
    policy = (
        f"default-src 'none'; img-src data:; style-src '{_digest(style)}'; "
        f"script-src '{_digest(script)}'; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<link rel="icon" href="data:,">\n<title>{title}</title>\n<style>{style}</style>\n</head>\n'
    )


def _digest(source: str) -> str:
    """A CSP hash source for an inline element's exact text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


PALETTE = (
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (140, 109, 49),
    (117, 112, 179),
)
"""Party colours (Okabe-Ito based, told apart by most colour-blind readers), used in declaration order."""

NEUTRAL_COLOUR = (128, 128, 128)
"""Evidence that belongs to no single party: issues, shared sticking points, outlook."""

BASE_STYLE = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fafafa;
 display:flex;flex-direction:column}
header{padding:.7rem 1.2rem .5rem;border-bottom:1px solid #ddd;background:#fff}
h1{font-size:1.3rem;margin:0 0 .2rem;line-height:1.3}
h2{font-size:1rem;margin:1.1rem 0 .4rem;text-transform:uppercase;letter-spacing:.04em;color:#555}
"""
"""The page frame both HTML reports share: box model, font, header and headings."""

STYLE = (
    BASE_STYLE
    + """h3{font-size:.95rem;margin:.7rem 0 .3rem}
.meta{margin:0;color:#666;font-size:.85rem}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.4rem 0 0;padding:0;list-style:none;
 font-size:.85rem}
.legend li{display:flex;align-items:center;gap:.35rem}
.sw{display:inline-block;width:1.6em;height:1em;border-radius:3px;background:var(--bg);
 border-bottom:3px solid var(--c)}
.sample{padding:0 .2em}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.15fr);min-height:0}
.pane{overflow:auto;padding:.4rem 1.2rem 2rem;min-height:0}
#summary-pane{border-right:1px solid #ddd;background:#fff}
.abstract{font-size:1rem;margin:.6rem 0}
.note{color:#8a4b00}
ul.items{list-style:none;margin:0;padding:0}
ul.items ul.items{margin:.3rem 0 0 .4rem}
.item{border-left:4px solid var(--c);background:#fff;padding:.25rem .6rem;margin:.3rem 0;border-radius:2px;
 cursor:pointer}
.item:hover,.item.active{background:#f3f6fb}
.item.active{outline:2px solid var(--c)}
.tag{display:inline-block;font-size:.78rem;padding:0 .4em;border-radius:3px;background:#eee;color:#333;
 margin-left:.2em}
.tag.role{background:#e4e9f5;color:#1f3a73;font-weight:600}
.tag.ok{background:#dcf1e2;color:#17572c}
.who{font-weight:600}
.cite{font:inherit;font-style:italic;color:#333;background:none;border:0;padding:0 .1em;margin:0;
 text-align:left;cursor:pointer;text-decoration:underline solid var(--c,#888) 2px;text-underline-offset:3px}
.cite.fz{text-decoration-style:dashed}
.cite.active{background:#ffe15a}
.cite.missing{cursor:default;text-decoration:line-through}
.about{font-size:.85rem;color:#555}
.about dt{font-weight:600;float:left;clear:left;margin-right:.5em}
.about dd{margin:0 0 .1rem}
#article{white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.65 Georgia,"Times New Roman",serif;
 max-width:46rem;margin:.6rem 0}
.ev{background-color:var(--bg);text-decoration:underline solid var(--c) 2px;text-underline-offset:3px;
 text-decoration-skip-ink:none;cursor:pointer}
.ev.fz{text-decoration-style:dashed}
.ev.d2{background-image:linear-gradient(rgba(0,0,0,.10),rgba(0,0,0,.10))}
.ev.d3{background-image:linear-gradient(rgba(0,0,0,.20),rgba(0,0,0,.20))}
.ev.marked,.ev.sel{background-color:#ffe15a;background-image:none;
 box-shadow:inset 0 2px 0 #111,inset 0 -2px 0 #111}
@media (max-width:900px){main{display:block}.pane{overflow:visible}#summary-pane{border-right:0}}
@media print{main{display:block}.pane{overflow:visible}}
"""
)

# Spans were cut into segments in Python, so the script never counts characters (no UTF-16 arithmetic):
# it only looks segments up by the numbers in their data-k attributes.
SCRIPT = """
(function () {
  "use strict";
  var article = document.getElementById("article");
  var summary = document.getElementById("summary");
  function keysOf(el, name) {
    return (el.getAttribute(name) || "").split(" ").filter(function (k) { return /^[0-9]+$/.test(k); });
  }
  function clear() {
    article.querySelectorAll(".marked").forEach(function (el) { el.classList.remove("marked"); });
    summary.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
  }
  function show(el) {
    clear();
    el.classList.add("active");
    var keys = keysOf(el, "data-ev");
    if (!keys.length) { return; }
    var selector = keys.map(function (k) { return '[data-k~="' + k + '"]'; }).join(",");
    var segments = article.querySelectorAll(selector);
    segments.forEach(function (seg) { seg.classList.add("marked"); });
    if (segments.length) { segments[0].scrollIntoView({block: "center"}); }
  }
  summary.addEventListener("click", function (event) {
    var el = event.target.closest("[data-ev]");
    if (el) { show(el); }
  });
  summary.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("li[data-ev]")) {
      event.preventDefault();
      show(event.target);
    }
  });
  article.addEventListener("click", function (event) {
    var seg = event.target.closest("[data-k]");
    if (!seg) { return; }
    var cite = summary.querySelector('.cite[data-ev="' + keysOf(seg, "data-k")[0] + '"]');
    if (cite) {
      show(cite);
      cite.scrollIntoView({block: "center"});
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { clear(); }
  });
})();
"""
