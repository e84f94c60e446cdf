#!/usr/bin/python3
"""Runs the examples of one documentation page, so documented commands cannot rot.

    run_doc_examples.py MIDLINK_BINARY REPO_ROOT PAGE.md

An example is a fenced block whose info string is `sh example`. Each line is one `midlink`
command, run from the repository root; a line ending in a backslash continues on the next,
and blank lines and `#` comments are skipped. Lines run in order, so a later line may use
what an earlier one wrote (graph build, then route). Outputs go under out/doc-examples/,
by convention into out/doc-examples/<page>/, which the page asks the reader to create.

The page runs in a fresh temporary folder that links every top-level entry of the
repository except out/, so the inputs are the repository's own (geodata/, tests/data/)
and out/ starts empty and never collides with another page or the user's own out/. The
first command that exits non-zero fails the test, naming the page and its line."""
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

# Options whose value is a file midlink writes: it must lie under out/doc-examples/, so
# following an example never writes into the repository itself.
OUTPUT_OPTIONS = {"-o", "--output", "--geometry", "--edges-out", "--od-matrix", "--diagnostics"}
OUT_PREFIX = "out/doc-examples/"
TIMEOUT_S = 120


def examples(page_text):
    """Yields (line number, command text) for every command in the page's example blocks."""
    in_block = False
    pending, pending_line = "", 0
    for number, raw in enumerate(page_text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("```"):
            if in_block:
                if pending:
                    raise ValueError("line %d: the example block ends inside a continued line" % number)
                in_block = False
            else:
                in_block = stripped[3:].strip() == "sh example"
            continue
        if not in_block:
            continue
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if not pending:
            pending_line = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        yield pending_line, pending + stripped
        pending = ""


def check_outputs(words):
    for option, value in zip(words, words[1:]):
        if option in OUTPUT_OPTIONS and not value.startswith(OUT_PREFIX):
            return "%s %s writes outside %s" % (option, value, OUT_PREFIX)
    return None


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    root, page = pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3]).resolve()
    name = page.relative_to(root) if page.is_relative_to(root) else page
    try:
        commands = list(examples(page.read_text(encoding="utf-8")))
    except ValueError as e:
        print("%s: %s" % (name, e), file=sys.stderr)
        return 1
    if not commands:
        print("%s: no `sh example` block: every command page shows at least one example that runs" % name,
              file=sys.stderr)
        return 1

    work = pathlib.Path(tempfile.mkdtemp(prefix="midlink-doc-examples-"))
    for entry in root.iterdir():
        if entry.name not in ("out", "build", ".git"):
            (work / entry.name).symlink_to(entry)
    # The pages tell the reader to `mkdir -p out/doc-examples/<page>` first; so does this.
    (work / OUT_PREFIX / page.stem).mkdir(parents=True)

    for line, text in commands:
        where = "%s:%d" % (name, line)
        try:
            words = shlex.split(text)
        except ValueError as e:
            print("%s: cannot split the command (%s): %s" % (where, e, text), file=sys.stderr)
            return 1
        if not words or words[0] != "midlink":
            print("%s: an example line must be a midlink command: %s" % (where, text), file=sys.stderr)
            return 1
        problem = check_outputs(words)
        if problem:
            print("%s: %s: %s" % (where, problem, text), file=sys.stderr)
            return 1
        print("%s: %s" % (where, text), flush=True)
        try:
            r = subprocess.run([binary] + words[1:], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            print("%s: did not finish within %d s (examples must take seconds): %s" % (where, TIMEOUT_S, text),
                  file=sys.stderr)
            print("the example folder is kept: %s" % work, file=sys.stderr)
            return 1
        output = r.stdout.decode("utf-8", "replace")
        sys.stdout.write(output[-4000:])
        if r.returncode != 0:
            print("%s: exit %d from the documented example: %s" % (where, r.returncode, text), file=sys.stderr)
            print("the example folder is kept: %s" % work, file=sys.stderr)
            return 1

    # Nothing but out/ may appear beside the repository's own entries.
    strays = sorted(p.name for p in work.iterdir() if not p.is_symlink() and p.name != "out")
    strays += sorted("out/" + p.name for p in (work / "out").iterdir() if p.name != "doc-examples")
    if strays:
        print("%s: the examples wrote outside %s: %s" % (name, OUT_PREFIX, ", ".join(strays)), file=sys.stderr)
        print("the example folder is kept: %s" % work, file=sys.stderr)
        return 1
    shutil.rmtree(work)
    print("%s: %d example command(s) ran" % (name, len(commands)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
