"""Every relative link of README.md and docs/*.md points to an existing file and anchor.

Anchors follow GitHub's rule for headings: lower case, punctuation other than ``-`` and
``_`` dropped, spaces to ``-``, a repeated heading gets ``-1``, ``-2``...
"""
import glob
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGES = [os.path.join(REPO, "README.md")] + sorted(glob.glob(os.path.join(REPO, "docs", "*.md")))
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _prose(text):
    """``text`` without its fenced code blocks (no links live there)."""
    text = re.sub(r"^```.*?^```[^\n]*$", "", text, flags=re.S | re.M)
    return text


def anchors(path):
    seen, out = {}, set()
    for line in _prose(open(path).read()).splitlines():
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else "%s-%d" % (slug, n))
    return out


def links(path):
    text = re.sub(r"`[^`\n]*`", "", _prose(open(path).read()))
    return LINK.findall(text)


def broken(path):
    bad = []
    for target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            continue  # http(s):, mailto: ... are not checked here
        file_part, _, anchor = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if not os.path.exists(dest):
            bad.append("%s: no file %s" % (target, os.path.relpath(dest, REPO)))
        elif anchor and (not dest.endswith(".md") or anchor not in anchors(dest)):
            bad.append("%s: no heading with anchor #%s in %s" % (target, anchor, os.path.relpath(dest, REPO)))
    return bad


def test_the_reference_pages_exist():
    names = sorted(os.path.basename(p) for p in PAGES[1:])
    for page in ("cli.md", "durability.md", "simulator.md", "testing.md", "workflows.md"):
        assert page in names, "docs/%s is missing" % page


def test_every_relative_link_resolves():
    problems = []
    for path in PAGES:
        problems += ["%s -> %s" % (os.path.relpath(path, REPO), b) for b in broken(path)]
    assert not problems, ("broken links (fix the target or the heading it names):\n  "
                          + "\n  ".join(problems))


def test_the_checker_sees_a_broken_link(tmp_path):
    page = tmp_path / "p.md"
    (tmp_path / "there.md").write_text(u"# Title\n\n## Two words (x + y)\n")
    page.write_text(u"[a](there.md#two-words-x--y) [b](there.md#nope) [c](gone.md) "
                    u"`[d](gone-too.md)` [e](https://example.com) ![f](img/none.png)\n"
                    u"```\n[g](in-code.md)\n```\n")
    assert broken(str(page)) == ["there.md#nope: no heading with anchor #nope in %s"
                                 % os.path.relpath(str(tmp_path / "there.md"), REPO),
                                 "gone.md: no file %s" % os.path.relpath(str(tmp_path / "gone.md"), REPO),
                                 "img/none.png: no file %s"
                                 % os.path.relpath(str(tmp_path / "img" / "none.png"), REPO)]
