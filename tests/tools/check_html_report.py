#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Check the DOM of an assay HTML report, as headless Chromium dumped it.

Usage: check_html_report.py DOM [--verdict WORD] [--rows N] [--count ID=N]...
                                [--text STRING]... [--no-text STRING]...
                                [--filters-shown]

Checks every report for what must never happen, whatever the options:
  - the document title is the one assay writes (no script changed it);
  - the only <script> element is assay's own and loads no file, and no
    element has an event-handler attribute (on...) or is an <img>, <iframe>,
    <object>, <embed>, <base> or <link>;
  - the style sheet loads nothing (no url() or @import);
  - every href and src uses http or https.
Then the options:
  --verdict WORD    the element #verdict contains WORD (PASSED or FAILED)
  --rows N          the findings table has N rows
  --count ID=N      the element with id count-ID contains the number N
  --text STRING     STRING appears in the page's text (after the DOM is parsed,
                    so markup in STRING only matches if it was escaped)
  --no-text STRING  STRING does not appear in the page's text
  --filters-shown   the filter form is visible: the inline script ran, so the
                    Content-Security-Policy hash matches it

Exit status 0 when every check passes, 1 otherwise; each failure is printed.
"""
import argparse
import re
import sys
from html.parser import HTMLParser

WEB_URL = re.compile(r"^https?://", re.IGNORECASE)
FORBIDDEN_TAGS = {"img", "iframe", "object", "embed", "base", "frame", "link"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}


class ReportParser(HTMLParser):
    """Collect what the checks need in one pass over the DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.title = None
        self.scripts = 0
        self.text = []
        self.by_id = {}
        self.open_ids = []  # (tag, id) of elements whose text is being collected
        self.in_title = False
        self.in_findings_body = False
        self.table_depth = 0
        self.findings_rows = 0
        self.filters_hidden = None
        self.stack = []
        self.in_style = False
        self.style = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in VOID_TAGS:
            self.stack.append(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag}> has an event-handler attribute {name}={value!r}")
            if name in ("href", "src", "action", "formaction") and not WEB_URL.match(value or ""):
                self.problems.append(f"<{tag}> has {name}={value!r}, which is not http(s)")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"unexpected <{tag}> element: {attributes}")

        if tag == "script":
            self.scripts += 1
            if "src" in attributes:
                self.problems.append(f"<script> loads {attributes['src']!r}")
        if tag == "style":
            self.in_style = True
        if tag == "title" and self.title is None and "svg" not in self.stack[:-1]:
            self.in_title = True
            self.title = ""
        if tag == "form" and attributes.get("id") == "filters":
            self.filters_hidden = "hidden" in attributes

        if tag == "table":
            if attributes.get("id") == "findings":
                self.table_depth = 1
            elif self.table_depth > 0:
                self.table_depth += 1
        if tag == "tbody" and self.table_depth == 1:
            self.in_findings_body = True
        if tag == "tr" and self.in_findings_body and self.table_depth == 1:
            self.findings_rows += 1

        if "id" in attributes and tag not in VOID_TAGS:
            self.open_ids.append((tag, attributes["id"], len(self.stack)))
            self.by_id[attributes["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "title":
            self.in_title = False
        if tag == "tbody" and self.table_depth == 1:
            self.in_findings_body = False
        if tag == "table" and self.table_depth > 0:
            self.table_depth -= 1
        while self.open_ids and self.open_ids[-1][2] >= len(self.stack):
            self.open_ids.pop()
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.in_style:
            self.style.append(data)
        if self.in_title:
            self.title += data
        self.text.append(data)
        for _, element_id, _ in self.open_ids:
            self.by_id[element_id] += data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dom")
    parser.add_argument("--verdict")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--count", action="append", default=[])
    parser.add_argument("--text", action="append", default=[])
    parser.add_argument("--no-text", action="append", default=[])
    parser.add_argument("--filters-shown", action="store_true")
    args = parser.parse_args()

    with open(args.dom, encoding="utf-8") as f:
        dom = f.read()
    report = ReportParser()
    report.feed(dom)
    report.close()
    problems = list(report.problems)

    title = " ".join((report.title or "").split())
    if not title.startswith("assay report: "):
        problems.append(f"document title {title!r} is not the one assay writes")
    style = "".join(report.style)
    if "url(" in style or "@import" in style:
        problems.append("the style sheet refers to another resource (url() or @import)")
    if report.scripts != 1:
        problems.append(f"{report.scripts} <script> elements, expected assay's one")

    text = " ".join(" ".join(report.text).split())
    if args.verdict is not None and report.by_id.get("verdict", "").strip() != args.verdict:
        problems.append(f"#verdict is {report.by_id.get('verdict')!r}, expected {args.verdict!r}")
    if args.rows is not None and report.findings_rows != args.rows:
        problems.append(f"the findings table has {report.findings_rows} rows, expected {args.rows}")
    for item in args.count:
        key, _, expected = item.partition("=")
        actual = report.by_id.get(f"count-{key}")
        if actual is None or actual.strip() != expected:
            problems.append(f"#count-{key} is {actual!r}, expected {expected!r}")
    for wanted in args.text:
        if " ".join(wanted.split()) not in text:
            problems.append(f"text {wanted!r} is not in the page")
    for unwanted in args.no_text:
        if unwanted in text:
            problems.append(f"text {unwanted!r} is in the page")
    if args.filters_shown and report.filters_hidden is not False:
        problems.append("the filter form is hidden or missing: the inline script did not run")

    for problem in problems:
        print(f"{args.dom}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
