#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Check an assay Markdown summary with GitHub's own parser, cmark-gfm.

Usage: check_markdown.py FILE [--max-bytes N] [--rows N] [--row ID=TEXT]...
                              [--link ID=URL]... [--links N] [--cut]

Checks every summary for what must never happen, whatever the options:
  - each table row, split on unescaped pipes in Python and parsed by
    cmark-gfm, has as many cells as its header;
  - cmark-gfm (with GitHub's extensions and --unsafe, so raw HTML would show)
    finds no raw HTML, no image and no link other than an http(s) link on an
    id of the findings table.
Then the options:
  --max-bytes N  the file is smaller than N bytes
  --rows N       the findings table ("Top findings") has N body rows
  --row ID=TEXT  the findings row of ID has a cell whose text is TEXT (line
                 breaks and runs of spaces read as one space)
  --link ID=URL  the id ID links to URL
  --links N      the summary has N links
  --cut          the summary states that findings were cut, and the cut count
                 plus the rows equals --total
  --total N      the findings that are not ignored (with --cut)
  --descending   the findings table is sorted by severity, most severe first

Exit status 0 when every check passes, 1 otherwise; each failure is printed.
"""
import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"
SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
WORD_JOINER = "\u2060"


def split_row(line):
    """Split a table line on its unescaped pipes. As in GFM, a pipe right after
    a backslash is escaped, even when that backslash follows another one."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, current = [], ""
    for i, char in enumerate(body):
        if char == "|" and (i == 0 or body[i - 1] != "\\"):
            cells.append(current)
            current = ""
        else:
            current += char
    cells.append(current)
    return cells


def check_raw_tables(text, problems):
    """Each run of table lines keeps the cell count of its header line."""
    expected = None
    for number, line in enumerate(text.split("\n"), 1):
        if not line.startswith("|"):
            expected = None
            continue
        count = len(split_row(line))
        if expected is None:
            expected = count
        elif count != expected:
            problems.append(f"line {number}: {count} cells where the header has {expected}: {line[:120]!r}")


def plain_text(element):
    """The text of an element as a reader sees it."""
    parts = []
    for node in element.iter():
        if node.tag in (NS + "text", NS + "code"):
            parts.append(node.text or "")
        elif node.tag in (NS + "softbreak", NS + "linebreak"):
            parts.append(" ")
    return " ".join("".join(parts).replace(WORD_JOINER, "").split())


def parse(path):
    result = subprocess.run(
        ["cmark-gfm", "--unsafe", "--to", "xml", "-e", "table", "-e", "autolink",
         "-e", "strikethrough", "-e", "tagfilter", path],
        check=True, capture_output=True)
    return ET.fromstring(result.stdout)


def findings_table(root):
    for table in root.iter(NS + "table"):
        header = table.find(NS + "table_header")
        names = [plain_text(cell) for cell in header.findall(NS + "table_cell")]
        if names[:2] == ["Severity", "ID"]:
            return table
    return None


def check_structure(root, problems):
    """Tables keep their cell counts; no raw HTML, image or stray link anywhere."""
    for table in root.iter(NS + "table"):
        header = table.find(NS + "table_header")
        width = len(header.findall(NS + "table_cell"))
        for row in table.findall(NS + "table_row"):
            cells = row.findall(NS + "table_cell")
            if len(cells) != width:
                problems.append(f"cmark-gfm: a row has {len(cells)} cells where the header has {width}: {plain_text(row)[:120]!r}")
    for tag in ("html_inline", "html_block", "image"):
        for node in root.iter(NS + tag):
            problems.append(f"cmark-gfm found {tag}: {(node.text or '')[:80]!r}")
    for link in root.iter(NS + "link"):
        children = list(link)
        if not re.match(r"^https?://", link.get("destination", ""), re.IGNORECASE):
            problems.append(f"link to {link.get('destination')!r}")
        if len(children) != 1 or children[0].tag != NS + "code":
            problems.append(f"link on something other than an id: {plain_text(link)!r}")


def rows_by_id(table):
    rows = {}
    for row in table.findall(NS + "table_row"):
        cells = row.findall(NS + "table_cell")
        if len(cells) > 1:
            rows[plain_text(cells[1])] = cells
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--max-bytes", type=int)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--row", action="append", default=[])
    parser.add_argument("--link", action="append", default=[])
    parser.add_argument("--links", type=int)
    parser.add_argument("--cut", action="store_true")
    parser.add_argument("--total", type=int)
    parser.add_argument("--descending", action="store_true")
    args = parser.parse_args()

    with open(args.file, "rb") as f:
        data = f.read()
    problems = []
    text = data.decode("utf-8")
    if args.max_bytes is not None and len(data) >= args.max_bytes:
        problems.append(f"{len(data)} bytes, the limit is below {args.max_bytes}")
    check_raw_tables(text, problems)

    root = parse(args.file)
    check_structure(root, problems)
    table = findings_table(root)
    body = table.findall(NS + "table_row") if table is not None else []
    if args.rows is not None and len(body) != args.rows:
        problems.append(f"the findings table has {len(body)} rows, expected {args.rows}")
    rows = rows_by_id(table) if table is not None else {}
    for item in args.row:
        finding, _, wanted = item.partition("=")
        wanted = " ".join(wanted.split())
        cells = rows.get(finding)
        if cells is None:
            problems.append(f"no findings row for {finding!r}")
        elif wanted not in [plain_text(cell) for cell in cells]:
            problems.append(f"row {finding!r} has no cell {wanted!r}: {[plain_text(c) for c in cells]}")
    links = {plain_text(link): link.get("destination") for link in root.iter(NS + "link")}
    for item in args.link:
        finding, _, url = item.partition("=")
        if links.get(finding) != url:
            problems.append(f"{finding!r} links to {links.get(finding)!r}, expected {url!r}")
    if args.links is not None and len(list(root.iter(NS + "link"))) != args.links:
        problems.append(f"{len(list(root.iter(NS + 'link')))} links, expected {args.links}")
    if args.descending:
        order = [SEVERITIES.index(plain_text(row.findall(NS + "table_cell")[0])) for row in body]
        if order != sorted(order):
            problems.append("the findings table is not sorted by severity")
    if args.cut:
        match = re.search(r"\*\*(\d+) more findings are not listed\*\*", text)
        if match is None:
            problems.append("the summary does not say that findings were cut")
        elif args.total is not None and int(match.group(1)) + len(body) != args.total:
            problems.append(f"{match.group(1)} cut and {len(body)} listed, expected {args.total} in all")
    elif "more findings are not listed" in text:
        problems.append("the summary states that findings were cut")

    for problem in problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
