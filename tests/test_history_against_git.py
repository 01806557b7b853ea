"""History pages against git itself: a random history of content files (line edits,
whitespace-only changes, CRLF and BOM, no newline at the end, tabs, long lines, combining
characters in NFC and NFD, emoji, front-matter-only changes, renames with and without edits,
copies, deletes and re-adds, merges with and without edits of their own, a file turned private
and public again, a binary attachment, front matter that lost its opening or closing line) is
built, and every commit page's files, labels, renames and diffs are checked against
``git diff-tree`` and ``git show --cc`` of the same commit; every goal revision page's diffs
too; and no marker of a private version appears anywhere in the site."""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mentorsite.build import build

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git CLI")

POOL = [
    "Plain line {n}.",
    "  indented {n}",
    "\tTabbed\tline {n}",
    "trailing spaces {n}   ",
    "word " * 300 + "{n}",
    unicodedata.normalize("NFC", "Café naïve résumé {n}"),
    unicodedata.normalize("NFD", "Café naïve résumé {n}"),
    "emoji 🎉👩‍💻🏳️‍🌈 {n}",
    "e\u0301\u0301\u0308 combining {n}",
    "שלום עולם {n}",
    "",
    "- item {n}",
    "# Heading {n}",
    "+plus start {n}",
    "-minus start {n}",
    "@@ -1 +1 @@ fake hunk {n}",
    "@ at {n}",
    "<script>alert({n})</script> & <b>",
    "line\u2028sep {n}",
    "nbsp\u00a0here {n}",
    "   ",
    "---x {n}",
    "`code` *em* {n}",
]


class Repo:
    """A pair's repository and what its files hold, edited at random and committed with
    pinned dates."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.clock = 0
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        (root / "mentorsite.yml").write_text("title: T\ncadence: monthly\n")
        self.files: dict[str, dict] = {}
        self.counter = 0
        self.secret_ids = 0
        self.all: list[dict] = []
        self.attached: list[Path] = []
        self.merges: list = []
        self.deleted: list = []

    def git(self, *args: str) -> str:
        self.clock += 1
        stamp = "2025-01-01T00:00:00+00:00"
        day, minute = divmod(self.clock, 1000)
        stamp = f"2025-01-{1 + day % 28:02d}T{minute // 60 % 24:02d}:{minute % 60:02d}:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_NAME": "P", "GIT_AUTHOR_EMAIL": "p@e.org",
               "GIT_COMMITTER_NAME": "P", "GIT_COMMITTER_EMAIL": "p@e.org",
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        return subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True,
                              check=True).stdout.decode()

    def line(self) -> str:
        self.counter += 1
        return self.rng.choice(POOL).format(n=self.counter)

    def text(self, f: dict) -> bytes:
        meta = "".join(m + "\n" for m in f["meta"])
        if f["private"]:
            meta += "private: true\n"
        body = "\n".join(f["body"]) + ("\n" if f["eol"] and f["body"] else "")
        text = f"---\n{meta}---\n{body}"
        if f.get("broken") == "open":
            text = text[4:]
        elif f.get("broken") == "close":
            text = f"---\n{meta}{body}"
        if f["crlf"]:
            text = text.replace("\n", "\r\n")
        if f.get("bom"):
            text = "\ufeff" + text
        return text.encode()

    def save(self, path: str) -> None:
        p = self.root / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(self.text(self.files[path]))

    def new_file(self) -> None:
        kind = self.rng.choice(["goals", "checkins", "evidence"])
        self.counter += 1
        n = self.counter
        if kind == "goals":
            path = f"content/goals/g{n}.md"
            meta = [f"title: Goal {n}", "started: 2025-01-01"]
        elif kind == "checkins":
            path = f"content/checkins/2024-{1 + n % 12:02d}-{1 + n % 28:02d}-c{n}.md"
            meta = ["attendees: [A]"]
        else:
            path = f"content/evidence/2024-03-{1 + n % 28:02d}-e{n}.md"
            meta = [f"title: Evidence {n}"]
        secretive = self.rng.random() < 0.3
        body = [self.line() for _ in range(self.rng.randint(0, 6))]
        if secretive:
            body.append(f"PRESECRET-{n}")
        self.all.append(f := {"meta": meta, "body": body, "crlf": self.rng.random() < 0.2,
                            "eol": self.rng.random() < 0.8, "private": False,
                            "secretive": secretive, "id": n, "state": 0})
        self.files[path] = f
        self.save(path)

    def edit(self) -> str:
        rng = self.rng
        if not self.files or rng.random() < 0.12:
            self.new_file()
            return "new"
        path = rng.choice(sorted(self.files))
        f = self.files[path]
        op = rng.choice(["insert", "delete", "replace", "ws", "crlf", "eol", "nf", "meta",
                         "rename", "rename_edit", "delete_file", "private", "multi", "bom",
                         "copy", "attach", "break"])
        if f.get("broken"):
            f["broken"] = None  # any edit mends it
            self.save(path)
        elif op == "break":
            f["broken"] = rng.choice(["open", "close"])
            self.save(path)
            return op
        b = f["body"]
        if op == "insert" or (op in ("delete", "replace", "ws", "nf") and not b):
            b.insert(rng.randint(0, len(b)), self.line())
        elif op == "delete":
            del b[rng.randrange(len(b))]
        elif op == "replace":
            b[rng.randrange(len(b))] = self.line()
        elif op == "ws":
            i = rng.randrange(len(b))
            b[i] = rng.choice([b[i] + " ", b[i] + "\t", " " + b[i], b[i].rstrip(),
                               b[i].replace(" ", "  ")])
        elif op == "nf":
            i = rng.randrange(len(b))
            form = "NFD" if unicodedata.is_normalized("NFC", b[i]) else "NFC"
            b[i] = unicodedata.normalize(form, b[i])
        elif op == "bom":
            f["bom"] = not f.get("bom")
        elif op == "attach":
            p = self.root / "content/evidence" / f"photo{self.counter}.png"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(b"\x89PNG\r\n\x1a\n\0\0SECRET-0 binary" + bytes(range(256)))
            self.attached.append(p)
            return op
        elif op == "copy":
            if f["secretive"] or "goals" not in path:
                return "skip"
            self.counter += 1
            new = f"content/goals/copy{self.counter}.md"
            self.files[new] = json.loads(json.dumps(f))
            self.all.append(self.files[new])
            self.files[new]["id"] = self.counter
            self.save(new)
            b.append(self.line())
        elif op == "crlf":
            f["crlf"] = not f["crlf"]
        elif op == "eol":
            f["eol"] = not f["eol"]
        elif op == "meta":
            key = {"goals": "why", "checkins": "wins", "evidence": "source"}[path.split("/")[1]]
            value = f"[w{self.counter}]" if key == "wins" else f"S {self.counter}"
            if any(m.startswith(key + ":") for m in f["meta"]) and rng.random() < 0.5:
                f["meta"] = [m for m in f["meta"] if not m.startswith(key + ":")]
            else:
                f["meta"] = [*(m for m in f["meta"] if not m.startswith(key + ":")),
                             f"{key}: {value}"]
        elif op == "multi":
            for _ in range(rng.randint(2, 5)):
                b.insert(rng.randint(0, len(b)), self.line())
            if b:
                del b[rng.randrange(len(b))]
        elif op in ("rename", "rename_edit"):
            head, _, name = path.rpartition("/")
            self.counter += 1
            stem = name[:-3]
            new = f"{head}/{stem}-r{self.counter}.md"
            if len(new) > 120:
                return "skip"
            (self.root / path).rename(self.root / new)
            self.files[new] = self.files.pop(path)
            if op == "rename_edit":
                self.files[new]["body"].append(self.line())
            self.save(new)
            return op
        elif op == "delete_file":
            (self.root / path).unlink()
            gone = self.files.pop(path)
            if rng.random() < 0.5:
                self.deleted.append((path, gone))
            return op
        elif op == "private":
            if not f["secretive"]:
                return "skip"
            n = f["id"]
            if f["state"] == 0:  # becomes private
                f["private"] = True
                b[:] = [line for line in b if line != f"PRESECRET-{n}"] + [f"SECRET-{n}"]
                f["state"] = 1
            elif f["state"] == 1:  # public again
                f["private"] = False
                b[:] = [line for line in b if line != f"SECRET-{n}"]
                f["state"] = 2
            else:
                return "skip"
        self.save(path)
        return op

    def readd(self) -> bool:
        if not self.deleted:
            return False
        path, f = self.deleted.pop()
        if path in self.files:
            return False
        self.files[path] = f
        self.save(path)
        return True

    def commit(self, message: str) -> bool:
        self.git("add", "-A")
        for p in self.attached:  # an attachment lives one commit: content/ holds entries only
            p.unlink(missing_ok=True)
        if self.attached:
            self.attached.clear()
            self.git("commit", "-q", "-m", "attachment")
            self.git("add", "-A")
        if not self.git("status", "--porcelain"):
            return False
        self.git("commit", "-q", "-m", message)
        return True


def make(root: Path, seed: int, steps: int) -> Repo:
    """A history of ``steps`` commits (a merge counts as one), made from ``seed``."""
    rng = random.Random(seed)
    repo = Repo(root, rng)
    for _ in range(3):
        repo.new_file()
    repo.commit("start")
    step = 0
    while step < steps:
        step += 1
        if rng.random() < 0.15 and len(repo.files) > 3:
            # a branch and main both edit one file (far apart), maybe an evil merge edit
            shared = rng.choice(sorted(repo.files))
            if shared is None:
                continue
            f = repo.files[shared]
            f["broken"] = None
            f["body"] = [*(f"top {step} {k}" for k in range(4)), *f["body"],
                         *(f"bottom {step} {k}" for k in range(4))]
            repo.save(shared)
            repo.commit(f"pad {step}")
            repo.git("checkout", "-q", "-b", f"b{step}")
            f["body"][1] = repo.line() if rng.random() < 0.7 else f["body"][1] + " "
            repo.save(shared)
            repo.commit(f"branch {step}")
            branch_body = list(f["body"])
            renamed = None
            if rng.random() < 0.3:
                renamed = shared[:-3] + f"-m{step}.md"
                (repo.root / shared).rename(repo.root / renamed)
                repo.commit(f"branch rename {step}")
            repo.git("checkout", "-q", "main")
            f["body"][1] = f"top {step} 1"
            f["body"][-2] = repo.line()
            main_body = list(f["body"])
            repo.save(shared)
            repo.commit(f"main {step}")
            repo.git("merge", "-q", "--no-ff", "--no-commit", f"b{step}")
            f["body"] = [branch_body[0], branch_body[1], *main_body[2:]]
            evil = rng.random() < 0.5
            if evil:
                f["body"].insert(len(f["body"]) // 2, f"EVIL-{step}")
                if rng.random() < 0.5:
                    del f["body"][2]
            if renamed:
                repo.files[renamed] = repo.files.pop(shared)
                shared = renamed
            repo.save(shared)
            repo.git("add", "-A")
            repo.git("commit", "-q", "-m",
                     f"Merge pull request #{step} from x/b{step}\n\nPR {step}")
            repo.merges.append((repo.git("rev-parse", "HEAD").strip(), shared, evil, renamed, step))
            continue
        if rng.random() < 0.1 and repo.readd():
            repo.commit(f"re-add {step}")
            continue
        ops = [repo.edit() for _ in range(rng.randint(1, 2))]
        repo.commit(f"step {step} {' '.join(ops)}")
    for path, f in repo.files.items():
        if f.get("broken"):
            f["broken"] = None
            repo.save(path)
    repo.commit("mend all")
    return repo


_OBJECTS: dict[str, bytes] = {}


def _cat(root: Path, blob: str) -> bytes:
    """A blob's bytes, from one ``cat-file --batch-all-objects`` of the repository."""
    if blob not in _OBJECTS:
        out = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=root,
                             capture_output=True, check=True).stdout
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            sha, _, size = out[at:end].decode().split()
            _OBJECTS[sha] = out[end + 1:end + 1 + int(size)]
            at = end + 1 + int(size) + 1
    return _OBJECTS[blob]


def body_of(blob: bytes) -> list[str] | None:
    text = blob.decode("utf-8")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            body = "\n".join(lines[i + 1:])
            out = body.split("\n")
            if out[-1] == "":
                out.pop()
            return out
    return None


def parse_diff(code) -> list[str]:
    """The diff lines a commit page shows, as text with their sign."""
    out = []
    for span in code.find_all(recursive=False):
        classes = span.get("class") or []
        if span.name == "span" and "diff__say" in classes:
            continue
        text = span.get_text()
        if span.name == "ins":
            out.append(text)  # "+" is inside
        elif span.name == "del" or "diff__hunk" in classes or "diff__ctx" in classes:
            out.append(text)
        else:
            raise AssertionError(f"unknown diff element {span}")
    return [line.replace("\u2068", "").replace("\u2069", "") for line in out]


def apply(old: list[str], diff: list[str]) -> list[str]:
    """``old`` with a page's diff applied, every context and removed line checked on the way."""
    new: list[str] = []
    at = 0
    for line in diff:
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$", line)
        if m and line.startswith("@@"):
            start = int(m[1]) - (0 if m[2] == "0" else 1)
            assert start >= at, (start, at)
            new += old[at:start]
            at = start
            continue
        sign, rest = line[:1], line[1:]
        if sign == " ":
            assert old[at] == rest, ("context", old[at], rest)
            new.append(rest)
            at += 1
        elif sign == "-":
            assert old[at] == rest, ("removed", old[at], rest)
            at += 1
        elif sign == "+":
            new.append(rest)
        else:
            raise AssertionError(f"bad line {line!r}")
    return new + old[at:]


CHECKED = [0]


def check(root: Path, site: Path, made_private: set[int], merges: list) -> list[str]:
    """What the site's history pages say unlike git; ``made_private``: the ids of files
    that were private in some commit, whose markers must be nowhere."""
    problems: list[str] = []
    # privacy: no SECRET marker anywhere in the site
    for file in site.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            for m in re.finditer(rb"(PRE)?SECRET-(\d+)", data):
                if m[1] is None or int(m[2]) in made_private:
                    problems.append(f"leak of {m[0].decode()} in {file.relative_to(site)}")
                    break
    log = subprocess.run(["git", "log", "--format=%H %P", "--reverse"], cwd=root,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    per_commit = []
    parent: dict[str, str] = {}

    def top(p: str) -> str:
        while parent.setdefault(p, p) != p:
            p = parent[p]
        return p

    marked = set()
    for row in log:
        if not row:
            continue
        sha, *parents = row.split()
        if len(parents) > 1:
            continue
        raw = subprocess.run(["git", "diff-tree", "-r", "-z", "-M", "-C", "--root",
                              "--no-commit-id",
                              "--raw", "--no-abbrev", sha, "--", "content"],
                             cwd=root, capture_output=True, check=True).stdout.split(b"\0")
        expected = {}
        i = 0
        while i < len(raw) - 1:
            meta = raw[i].decode().split()
            status = meta[4][0]
            if status in "RC":
                old, new = raw[i + 1].decode(), raw[i + 2].decode()
                i += 3
                if status == 'R':
                    parent[top(old)] = top(new)
            else:
                old, new = None, raw[i + 1].decode()
                i += 2
            expected[new] = (status, old, meta[2], meta[3])
            for blob in (meta[2], meta[3]):
                if set(blob) != {"0"}:
                    text = _cat(root, blob)
                    if b"private: true" in text:
                        marked.add(new)
        per_commit.append((sha, expected))
    ever_private = {top(p) for p in marked}
    made_from: dict[str, str] = {}
    for sha, expected in per_commit:
        page = site / "history" / sha / "index.html"
        if not page.exists():
            shown = {}
        else:
            soup = BeautifulSoup(page.read_text(), "html.parser")
            shown = {}
            section_of = {}
            for section in soup.select("section.file-change"):
                h2 = section.find("h2")
                label = h2.select_one(".badge").get_text()
                path = h2.select_one(".file-change__path").get_text()
                src = section.select_one(".file-change__from code")
                code = section.select_one("pre.diff code")
                section_of[path] = section
                shown[path] = (label, src.get_text() if src else None,
                               parse_diff(code) if code else [])
        for path, (status, old, ob, nb) in expected.items():
            if status == "C" and top(old) in ever_private:
                continue
            if path not in shown:
                continue
            label, src, diff = shown[path]
            want = {"A": "Added", "M": "Changed", "D": "Deleted", "R": "Renamed",
                    "C": "Copied"}[status]
            if label != want:
                problems.append(f"{sha[:7]} {path}: label {label} but git {status}")
            if src != old:
                problems.append(f"{sha[:7]} {path}: from {src} but git {old}")
            def blob_body(b: str) -> list[str]:
                if set(b) == {"0"}:
                    return []
                return body_of(_cat(root, b))
            before, after = blob_body(ob), blob_body(nb)
            made_from.setdefault(nb, ob)
            if after is None:
                if diff or section_of[path].select_one("pre.diff"):
                    problems.append(f"{sha[:7]} {path}: broken version shows a diff")
                continue
            walk = ob
            while before is None and walk in made_from:
                walk = made_from[walk]
                before = blob_body(walk)
            if before is None:
                before = []
            try:
                got = apply(before, diff)
            except (AssertionError, IndexError) as exc:
                problems.append(f"{sha[:7]} {path}: diff does not apply: {exc}")
                continue
            CHECKED[0] += 1
            if got != after:
                problems.append(f"{sha[:7]} {path}: diff gives {got!r} not {after!r}")
        for path in shown:
            if path not in expected:
                problems.append(f"{sha[:7]} {path}: shown but git has no change")
        missing = [p for p, v in expected.items()
                   if p not in shown and top(p) not in ever_private and p.endswith(".md")
                   and not (v[0] == "C" and top(v[1]) in ever_private)]
        leaked = [p for p in shown if top(p) in ever_private]
        if leaked:
            problems.append(f'{sha[:7]}: private shown {leaked}')
        if missing:
            problems.append(f"{sha[:7]}: git changes {missing} not shown")
    for sha, path, evil, renamed, step in merges:
        if top(path) in ever_private:
            continue
        page = site / "history" / sha / "index.html"
        cc = subprocess.run(["git", "show", "--cc", "--format=", sha, "--", path], cwd=root,
                            capture_output=True, check=True).stdout.decode().split("\n")
        first = next((i for i, row in enumerate(cc) if row.startswith("@@@")), len(cc))
        cc = [row.rstrip("\r") for row in cc[first:]]
        plus = {row[2:] for row in cc if row.startswith("++")}
        minus = ({row[2:] for row in cc if row[:1] == "-"}
                 & {row[2:] for row in cc if row[1:2] == "-"})
        shown_plus, shown_minus = set(), set()
        if page.exists():
            soup = BeautifulSoup(page.read_text(), "html.parser")
            for section in soup.select("section.file-change"):
                if section.select_one(".file-change__path").get_text() != path:
                    continue
                code = section.select_one("pre.diff code")
                for line in parse_diff(code) if code else []:
                    if line.startswith("+"):
                        shown_plus.add(line[1:])
                    elif line.startswith("-"):
                        shown_minus.add(line[1:])
        CHECKED[0] += 1
        if renamed:  # git's combined diff does not follow the rename: the evil line alone
            plus, minus = ({f"EVIL-{step}"} if evil else set()), shown_minus
        if shown_plus != plus or shown_minus != minus:
            problems.append(f"merge {sha[:7]} {path} evil={evil}: site +{sorted(shown_plus)} "
                            f"-{sorted(shown_minus)}, git cc +{sorted(plus)} -{sorted(minus)}")
    names = {p for p in parent if top(p) in ever_private}
    for page in [*site.glob("history/**/index.html"),
                 *site.glob("goals/*/revisions/*/index.html")]:
        text = html.unescape(page.read_text())
        for name in names:
            if name in text:
                problems.append(f"private path {name} named in {page.relative_to(site)}")
    by_sha = dict(per_commit)
    for page in site.glob("goals/*/revisions/*/index.html"):
        gid, sha = page.parts[-4], page.parts[-2]
        current = f"content/goals/{gid}.md"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        sections = soup.select("section.compare")
        found = [(p, v) for p, v in by_sha.get(sha, {}).items() if top(p) == top(current)]
        if not found:
            continue  # a merge's
        path, (status, old, ob, nb) = found[0]
        now = body_of((root / current).read_bytes())
        for section, before, after in ((sections[0], gblob_body(root, ob), gblob_body(root, nb)),
                                       (sections[1], gblob_body(root, nb), now)):
            code = section.select_one("pre.diff code")
            diff = parse_diff(code) if code else []
            if after is None:
                if code:
                    problems.append(f"revision {gid} {sha[:7]}: broken version shows a diff")
                continue
            if before is None:
                continue
            CHECKED[0] += 1
            try:
                got = apply(before, diff)
            except (AssertionError, IndexError) as exc:
                problems.append(f"revision {gid} {sha[:7]} {section.h2['id']}: "
                                f"does not apply: {exc}")
                continue
            if got != after:
                problems.append(f"revision {gid} {sha[:7]} {section.h2['id']}: "
                                f"gives {got!r} not {after!r}")
    return problems


def gblob_body(root: Path, b: str) -> list[str] | None:
    if set(b) == {"0"}:
        return []
    return body_of(_cat(root, b))


def test_history_pages_agree_with_git(tmp_path):
    """One seeded history, so that a failure can be made again."""
    repo = make(tmp_path / "pair", seed=3, steps=22)
    site = tmp_path / "site"
    build(repo.root, site, today=date(2025, 3, 1), jobs=1)
    _OBJECTS.clear()
    problems = check(repo.root, site, {f["id"] for f in repo.all if f["state"]}, repo.merges)
    assert CHECKED[0] > 50  # the history has diffs to compare
    assert problems == []
