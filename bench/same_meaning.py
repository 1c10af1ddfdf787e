#!/usr/bin/env python3
"""Compares two output trees by meaning: HTML pages by their parsed tags, attributes and text
(so `<br />` equals `<br>` and `&quot;` equals `"`), RSS and OPML by their elements with the HTML
inside `content:encoded` parsed the same way, every other file byte for byte. For a change
meant to keep the output's meaning while changing its bytes.

    python3 bench/same_meaning.py OLD_OUTPUT NEW_OUTPUT
"""
import html.parser
import os
import sys
import xml.etree.ElementTree as ET


class Tokens(html.parser.HTMLParser):
    """The tags, sorted attributes and text of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []
        self.text = ""

    def flush(self):
        if self.text:
            self.tokens.append(("text", self.text))
            self.text = ""

    def handle_starttag(self, tag, attrs):
        self.flush()
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.flush()
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        self.text += data

    def handle_comment(self, data):
        self.flush()
        self.tokens.append(("comment", data))

    def handle_decl(self, decl):
        self.flush()
        self.tokens.append(("declaration", decl.lower()))


def html_tokens(text):
    parser = Tokens()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.tokens


def xml_meaning(data):
    return [html_tokens(e.text or "") if e.tag.endswith("}encoded")
            else (e.tag, (e.text or "").strip(), sorted(e.attrib.items()))
            for e in ET.fromstring(data).iter()]


def same_meaning(path, old, new):
    if path.endswith(".html"):
        return html_tokens(old.decode()) == html_tokens(new.decode())
    if path.endswith(".xml"):
        return xml_meaning(old) == xml_meaning(new)
    return False


def files(folder):
    return {os.path.relpath(os.path.join(d, f), folder) for d, _, names in os.walk(folder) for f in names}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old_dir, new_dir = sys.argv[1:]
    old_files, new_files = files(old_dir), files(new_dir)
    problems = [f"only in {old_dir}: {p}" for p in sorted(old_files - new_files)]
    problems += [f"only in {new_dir}: {p}" for p in sorted(new_files - old_files)]
    identical = meaning = 0
    for path in sorted(old_files & new_files):
        with open(os.path.join(old_dir, path), "rb") as f:
            old = f.read()
        with open(os.path.join(new_dir, path), "rb") as f:
            new = f.read()
        if old == new:
            identical += 1
        elif same_meaning(path, old, new):
            meaning += 1
        else:
            problems.append(f"different: {path}")
    for problem in problems[:20]:
        print(problem)
    print(f"{identical} files byte-identical, {meaning} with the same meaning, {len(problems)} different")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
