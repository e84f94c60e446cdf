#!/usr/bin/python3
"""Checks that each command page's options table names the same options as the command's --help.

    check_cli_tables.py MIDLINK_BINARY DOCS_CLI_DIR

A page docs/cli/<page>.md documents one or more commands. A heading that names a command in
backticks (`# \`midlink access\``, `## \`midlink graph build\``) makes it the current command;
the first table after a heading titled "Options" (any level) is that command's options table.
A page with no such heading documents `midlink <page>` (fibre-cost.md: `fibre-cost`). Pages
without an options table (conventions.md) are skipped.

For each table, `MIDLINK <command> --help` is run and the long option names are read from its
"Options:" section (CLI11 layout: an option line is indented by two spaces, names first, comma
separated, e.g. `  -o,--output TEXT REQUIRED`); the table's option names are read from the
backticked text of each row's first cell. -h/--help and positional arguments (cells without a
leading dash, e.g. `GRAPH`) are ignored. Hidden old names (tools/option_checks.hpp
add_old_name) are not in --help, so a table listing one fails, as it should.

Exit 0 with a one-line summary when every table matches; exit 1 naming the page, the command
and the differing names otherwise (exit 2 for a bad invocation or a failing --help)."""
import pathlib
import re
import subprocess
import sys

IGNORED = {"--help", "-h"}
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
COMMAND_IN_HEADING = re.compile(r"`midlink((?:\s+[a-z][a-z0-9-]*)+)`")
HELP_OPTION_LINE = re.compile(r"^  (-\S+)")
TABLE_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z0-9][A-Za-z0-9-]*)")


def help_options(binary, command):
    """Long option names (the short name when an option has no long one) from CLI11 --help."""
    proc = subprocess.run([binary, *command, "--help"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"`midlink {' '.join(command)} --help` exited {proc.returncode}: "
                           f"{proc.stderr.strip()}")
    names = set()
    in_options = False
    for line in proc.stdout.splitlines():
        if line and not line[0].isspace():
            # A section title: "Options:", "Positionals:", "Subcommands:", "Usage: ..."
            in_options = line.rstrip().endswith(":") and line.strip().lower().startswith("options")
            continue
        if not in_options:
            continue
        m = HELP_OPTION_LINE.match(line)
        if not m:
            continue  # a wrapped description (indented further) or a blank line
        spellings = [s for s in m.group(1).split(",") if s.startswith("-")]
        longs = [s for s in spellings if s.startswith("--")]
        for name in (longs or spellings):
            if name not in IGNORED:
                names.add(name)
    return names


def table_options(rows):
    """Option names from the first cells of markdown table rows."""
    names = set()
    for row in rows:
        cells = row.strip().strip("|").split("|")
        first = cells[0] if cells else ""
        code = re.findall(r"`([^`]*)`", first)
        text = " ".join(code) if code else first
        found = [n for n in TABLE_OPTION.findall(text)]
        if not found:
            continue  # a positional (GRAPH, PATH, INPUTS ...)
        longs = [n for n in found if n.startswith("--")]
        for name in (longs or found[:1]):
            if name not in IGNORED:
                names.add(name)
    return names


def page_tables(page):
    """[(command words, [table rows])] for each options table of a page."""
    default = page.stem.split()
    current = None
    tables = []
    want_table = False
    rows = None
    lines = page.read_text(encoding="utf-8").splitlines()
    in_fence = False
    for line in lines + [""]:
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if rows is not None:
            if line.lstrip().startswith("|"):
                rows.append(line)
                continue
            tables.append((current or default, rows[2:]))  # drop header and separator
            rows = None
        h = HEADING.match(line)
        if h:
            m = COMMAND_IN_HEADING.search(h.group(2))
            if m:
                current = m.group(1).split()
            want_table = h.group(2).strip().rstrip(":").lower() == "options"
            continue
        if want_table and line.lstrip().startswith("|"):
            rows = [line]
            want_table = False
    return tables


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    binary, docs = argv[1], pathlib.Path(argv[2])
    pages = sorted(docs.glob("*.md"))
    if not pages:
        print(f"no pages in {docs}", file=sys.stderr)
        return 2
    failures = []
    checked = []
    for page in pages:
        for command, rows in page_tables(page):
            try:
                in_help = help_options(binary, command)
            except (OSError, RuntimeError, subprocess.TimeoutExpired) as err:
                print(f"{page.name}: {err}", file=sys.stderr)
                return 2
            in_table = table_options(rows)
            name = "midlink " + " ".join(command)
            checked.append(name)
            missing = sorted(in_help - in_table)
            extra = sorted(in_table - in_help)
            if missing or extra:
                failures.append(f"{page.name} ({name}):"
                                + (f"\n  in --help, not in the table: {', '.join(missing)}" if missing else "")
                                + (f"\n  in the table, not in --help: {', '.join(extra)}" if extra else ""))
    if not checked:
        print(f"no options tables in {docs}", file=sys.stderr)
        return 1
    if failures:
        print("\n".join(failures))
        print(f"FAILED: {len(failures)} of {len(checked)} options tables differ from --help")
        return 1
    print(f"OK: {len(checked)} options tables in {docs} match --help "
          f"({', '.join(c[len('midlink '):] for c in checked)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
